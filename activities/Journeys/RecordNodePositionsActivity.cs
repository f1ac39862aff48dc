using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>Records accounts arriving at or leaving a wait or listen node, for the list of accounts at a node.</summary>
public sealed class RecordNodePositionsActivity(NodePositionStore positions) : IActivity<NodePositionsRequest, int>
{
    public async Task<int> RunAsync(NodePositionsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await (input.Arrived
            ? positions.ArriveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken)
            : positions.LeaveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken));
        return input.AccountIds.Count;
    }
}
