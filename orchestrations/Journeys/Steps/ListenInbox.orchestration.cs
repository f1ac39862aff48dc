using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// The events of one listen node of a batch: the event router raises them under one name per node
/// (<see cref="EventTrigger.EventName"/>), an array of events per delivery. One receive is in flight while any group
/// at the node listens; it takes a delivery, and every delivery that came in while it was busy, and moves on as ONE
/// group every account still listening whose event meets the node's conditions. The next receive starts once that
/// group's departure is recorded (one departure in flight per node): an event that finds the node idle moves on at
/// once, and the more events come at once, the more each step takes (adaptive batching). So a burst of events costs
/// the batch a few steps and calls of the next node, not one per event, and its history grows per step, not per account.
/// </summary>
/// <remarks>
/// Deterministic: deliveries are taken in history order; one that came while no receive waited is buffered by
/// Durable and taken by the next wait at the same point of every replay. Duplicates and events for accounts not
/// listening (moved on, timed out, never here) are ignored: an account moves on once. The pending wait is never
/// cancelled, so no delivery is lost to a dead waiter; while no group listens the receive ends and the wait stays for
/// the next group.
/// </remarks>
public sealed class ListenInbox : IAccountHolder
{
    private readonly AccountBatchOrchestration _walk;
    private readonly JourneyNode _node;
    private readonly string _name;
    private readonly List<HeldGroup> _groups = [];
    private Task<RaisedEvent[]>? _next;
    private Task _departed = Task.CompletedTask;
    private TaskCompletionSource? _idle;

    public ListenInbox(AccountBatchOrchestration walk, JourneyNode node)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        _walk = walk;
        _node = node;
        Trigger = node.Event ?? throw new InvalidOperationException($"Node {node.Id}: no event (the version should not have validated).");
        _name = Trigger is { Scope: { } scope, Type: { } type }
            ? EventTrigger.EventName(scope, type, node.Id)
            : throw new InvalidOperationException($"Node {node.Id}: an event without scope or type (the version should not have validated).");
    }

    public EventTrigger Trigger { get; }

    /// <summary>A group starts listening; the receive, when none is in flight.</summary>
    public IEnumerable<GroupWork> Add(HeldGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        _groups.Add(group);
        if (_idle is null)
        {
            return [Receive()];
        }

        if (_idle.Task.IsCompleted)
        {
            _idle = new TaskCompletionSource(); // the receive told to end has not ended yet: it goes on for this group
        }

        return [];
    }

    /// <summary>The group's timer fired: its accounts still listening stop listening (returned, in group order).</summary>
    public IReadOnlyList<string> TimeOut(HeldGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        IReadOnlyList<string> timedOut = group.EndHold();
        _groups.Remove(group);
        EndReceiveIfIdle();
        return timedOut;
    }

    /// <summary>Accounts removed from the journey stop listening at once; a group left empty stops listening.</summary>
    public IReadOnlyList<string> Release(IReadOnlySet<string> removed)
    {
        List<string> released = [.. _groups.SelectMany(group => group.Release(removed))];
        if (released.Count > 0)
        {
            _groups.RemoveAll(g => g.Held.Count == 0);
            EndReceiveIfIdle();
        }

        return released;
    }

    private void EndReceiveIfIdle()
    {
        if (_groups.Count == 0)
        {
            _idle?.TrySetResult(); // nobody listens here now: the receive ends
        }
    }

    private GroupWork Receive()
    {
        _idle = new TaskCompletionSource();
        return new GroupWork(_node.Id, ReceiveAsync(_departed), OnTheClock: true);
    }

    private async Task<IReadOnlyList<AccountGroup>> ReceiveAsync(Task departed)
    {
        await departed; // deliveries that come meanwhile are buffered, and taken together below
        var moved = new List<(HeldGroup Group, string Account)>();
        while (moved.Count == 0)
        {
            Task<RaisedEvent[]> next = _next ??= Wait();
            if (await Task.WhenAny(next, _idle!.Task) != next)
            {
                if (_groups.Count > 0)
                {
                    continue; // a group came since
                }

                _idle = null;
                return [];
            }

            _next = null;
            Take(next.Result, moved);
            // Deliveries that came while no receive waited are buffered: taken now, in this step.
            while ((_next = Wait()).IsCompletedSuccessfully)
            {
                Take(_next.Result, moved);
                _next = null;
            }
        }

        // Off the path to the next node: leaving the routing index only stops later copies of the events coming here.
        Task<IReadOnlyList<AccountGroup>> departure = RecordDepartureAsync(moved);
        _departed = departure;
        _walk.Keep(new GroupWork(_node.Id, departure, OnTheClock: true, Bookkeeping: true));
        _groups.RemoveAll(g => g.Held.Count == 0);
        _idle = null;
        if (_groups.Count > 0)
        {
            _walk.Keep(Receive());
        }

        List<string> accounts = [.. moved.Select(m => m.Account)];
        foreach (IGrouping<HeldGroup, (HeldGroup Group, string Account)> byGroup in moved.GroupBy(m => m.Group))
        {
            await byGroup.Key.Arrived;
            _walk.Leave(byGroup.Key.Counts, [.. byGroup.Select(m => m.Account)]);
        }

        return [new AccountGroup(_walk.Journey.EdgesFrom(_node.Id).Single(e => e.Path == ListenPaths.Event).To, accounts)];
    }

    private Task<RaisedEvent[]> Wait() => _walk.Context.WaitForExternalEvent<RaisedEvent[]>(_name);

    /// <summary>The delivery's events that meet the node's conditions, for accounts still listening, each account once.</summary>
    private void Take(RaisedEvent[] delivery, List<(HeldGroup Group, string Account)> moved)
    {
        foreach (RaisedEvent raised in delivery ?? [])
        {
            if (raised is null || !Trigger.Matches(raised))
            {
                continue;
            }

            HeldGroup? group = _groups.Find(g => g.Held.Remove(raised.AccountId));
            if (group is null)
            {
                continue;
            }

            moved.Add((group, raised.AccountId));
            if (group.Held.Count == 0)
            {
                group.StopTimer.Cancel(); // synchronously: the timer's work completes at this point of the history
            }
        }
    }

    /// <summary>Removes the accounts from the node's positions and the routing index, once their groups' arrival is recorded.</summary>
    private async Task<IReadOnlyList<AccountGroup>> RecordDepartureAsync(List<(HeldGroup Group, string Account)> moved)
    {
        foreach (HeldGroup group in moved.Select(m => m.Group).Distinct())
        {
            await group.Arrived;
        }

        await _walk.RecordPositionsAsync(_node, [.. moved.Select(m => m.Account)], arrived: false, Trigger.RoutingKey());
        return [];
    }
}
