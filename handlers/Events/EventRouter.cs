using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage.Journeys;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Events;

/// <summary>
/// Takes a domain event (scope, type, account, optional person, attributes) to exactly the batch orchestrations
/// whose listen nodes wait for that event on that account now, found in the routing index (<see cref="ListenerIndex"/>:
/// one range query per event, no scan of runs). The listen node checks its conditions itself and ignores an event that
/// misses them. An event nobody listens for is dropped and counted (<see cref="EventRoutingStats"/>); one for an
/// account that will listen only later is not remembered. At-least-once: a retried delivery raises the event again,
/// and the orchestration moves an account on once (its wait for that node ends with the first matching event).
/// </summary>
public sealed class EventRouter(ListenerIndex listeners, EventRoutingStats stats, ILogger<EventRouter> logger)
{
    /// <summary>Events routed at once (each one index query and a raise per listener).</summary>
    private const int Concurrency = 16;

    /// <summary>Routes each event; with <paramref name="onlyRun"/>, only to that run's listeners. Returns the raises made per event.</summary>
    public async Task<int[]> RouteAsync(DurableTaskClient client, IReadOnlyList<RaisedEvent> events, string? onlyRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(events);
        int[] delivered = new int[events.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, events.Count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            RaisedEvent raised = events[i];
            IReadOnlyList<Listener> found = await listeners.FindAsync(raised.Key, raised.AccountId, ct);
            List<Listener> targets = [.. found.Where(l => onlyRun is null || l.RunId == onlyRun)];
            foreach (Listener listener in targets)
            {
                await client.RaiseEventAsync(
                    RunInstanceIds.Batch(listener.RunId, listener.Batch), EventTrigger.EventName(raised.Scope, raised.Type, listener.NodeId, raised.AccountId), raised, ct);
            }

            delivered[i] = targets.Count;
            stats.Count(targets.Count);
            if (targets.Count == 0)
            {
                logger.LogDebug("Event {EventKey} for account {AccountId}: nobody listens; dropped", raised.Key, raised.AccountId);
            }
        });
        return delivered;
    }
}
