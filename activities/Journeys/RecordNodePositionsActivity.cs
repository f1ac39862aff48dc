using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Records accounts arriving at or leaving a wait or listen node, for the list of accounts at a node, and at a listen
/// node in the routing index of the event router too. Idempotent: a retry rewrites (or deletes again) the same rows.
/// </summary>
public sealed class RecordNodePositionsActivity(NodePositionStore positions, ListenerIndex listeners) : IActivity<NodePositionsRequest, int>
{
    public async Task<int> RunAsync(NodePositionsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        Task listening = input.ListensFor is not { } key ? Task.CompletedTask
            : input.Arrived ? listeners.AddAsync(key, input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken)
            : listeners.RemoveAsync(key, input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken);
        await Task.WhenAll(
            listening,
            input.Arrived
                ? positions.ArriveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken)
                : positions.LeaveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken));
        return input.AccountIds.Count;
    }
}
