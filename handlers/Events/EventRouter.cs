using System.Collections.Concurrent;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage.Journeys;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Events;

/// <summary>
/// Takes domain events (scope, type, account, optional person, attributes) to exactly the batch orchestrations
/// whose listen nodes wait for them on those accounts now, found in the routing index (<see cref="ListenerIndex"/>:
/// one query per event type of the call for its listen markers, then, for the types someone may listen for, one range
/// query per event type and account of the call, however many of its events share them; no scan of runs).
/// The events of one call that go to the same listen node of the same batch are raised there as ONE delivery (an
/// array, in the order given), so a burst costs the batch one step, not one per account. The listen node checks its conditions itself and ignores an event that misses them. An event nobody
/// listens for is dropped and counted (<see cref="EventRoutingStats"/>); one for an account that will listen only later
/// is not remembered, nor heard by a listen that started after it was raised (it waited in the queue meanwhile). At-least-once: a retried delivery raises the events again, and the orchestration moves an account
/// on once (its wait at that node ends with the first matching event).
/// </summary>
public sealed class EventRouter(ListenerIndex listeners, EventRoutingStats stats, ILogger<EventRouter> logger)
{
    /// <summary>Index queries, and then raises, made at once.</summary>
    private const int Concurrency = 16;

    /// <summary>Routes each event; with <paramref name="onlyRun"/>, only to that run's listeners. Returns the listen nodes reached per event.</summary>
    public async Task<int[]> RouteAsync(DurableTaskClient client, IReadOnlyList<RaisedEvent> events, string? onlyRun, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(events);
        int[] delivered = new int[events.Count];
        var found = new ConcurrentBag<(int Event, Listener Listener)>();
        var options = new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken };
        // Events of one type on one account (the fields of one person change, say) have the same listeners: one query,
        // and none at all for an event key without a listen marker (read now, never cached: a group may start listening any time).
        var sameListeners = Enumerable.Range(0, events.Count).GroupBy(i => (events[i].Key, events[i].AccountId)).ToList();
        IReadOnlySet<string> listened = await listeners.ListenedKeysAsync(sameListeners.Select(g => g.Key.Key), onlyRun, cancellationToken);
        await Parallel.ForEachAsync(sameListeners, options, async (group, ct) =>
        {
            List<Listener> targets = !listened.Contains(group.Key.Key) ? []
                : [.. (await listeners.FindAsync(group.Key.Key, group.Key.AccountId, ct)).Where(l => onlyRun is null || l.RunId == onlyRun)];
            foreach (int i in group)
            {
                foreach (Listener listener in targets.Where(l => l.Hears(events[i])))
                {
                    found.Add((i, listener));
                    delivered[i]++;
                }

                stats.Count(delivered[i]);
                if (delivered[i] == 0)
                {
                    logger.LogDebug("Event {EventKey} for account {AccountId}: nobody listened when it was raised; dropped", group.Key.Key, group.Key.AccountId);
                }
            }
        });

        // One delivery per (run, batch, node), whenever its accounts began listening; a node listens for one event key,
        // so its events share scope and type.
        var deliveries = found.GroupBy(f => (f.Listener.RunId, f.Listener.Batch, f.Listener.NodeId))
            .Select(g => (Listener: g.First().Listener, Events: g.OrderBy(f => f.Event).Select(f => events[f.Event]).ToArray()));
        await Parallel.ForEachAsync(deliveries, options, async (delivery, ct) =>
        {
            RaisedEvent first = delivery.Events[0];
            // A batch that ended since the index named it hears nothing: as for an account that left, the event is dropped.
            await DurableInstanceCalls.RaiseEventAsync(
                client, RunInstanceIds.Batch(delivery.Listener.RunId, delivery.Listener.Batch), EventTrigger.EventName(first.Scope, first.Type, delivery.Listener.NodeId), delivery.Events, ct);
        });
        return delivered;
    }
}
