using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Records accounts arriving at or leaving a wait or listen node, for the list of accounts at a node, and at a listen
/// node in the routing index of the event router too. At a listen node the routing rows are written before the
/// positions on arrival and removed after them on leaving, so an account listed at the node (the positions) can always
/// hear its event: a client that waits for that and then emits the event is never dropped (the run's counts come
/// later still, once this activity returns). Idempotent: a retry rewrites (or deletes again) the same rows.
/// An abort removes a run's routing rows and listen markers after it marks the journey aborted, so what this activity
/// wrote as an abort went by is either found by the abort or, the journey read back here as aborted, removed again
/// here (its rows, and the run's markers): none outlives it.
/// </summary>
public sealed class RecordNodePositionsActivity(NodePositionStore positions, ListenerIndex listeners, IJourneyStore journeys) : IActivity<NodePositionsRequest, int>
{
    public async Task<int> RunAsync(NodePositionsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.Arrived)
        {
            if (input.ListensFor is { } key)
            {
                await listeners.AddAsync(key, input.RunId, input.NodeId, input.Batch, input.AccountIds, input.At, cancellationToken);
                if (input.JourneyId is { } journeyId && await journeys.IsAbortedAsync(journeyId, cancellationToken))
                {
                    // The run is stopped (or about to be): nobody may listen for it, and a stopped run lists no positions.
                    // Its markers go too: this call may have written one after the abort removed them.
                    await listeners.RemoveAsync(key, input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken);
                    await listeners.EndRunAsync(input.RunId, cancellationToken);
                    return input.AccountIds.Count;
                }
            }

            await positions.ArriveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken);
        }
        else
        {
            await positions.LeaveAsync(input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken);
            if (input.ListensFor is { } key)
            {
                await listeners.RemoveAsync(key, input.RunId, input.NodeId, input.Batch, input.AccountIds, cancellationToken);
            }
        }

        return input.AccountIds.Count;
    }
}
