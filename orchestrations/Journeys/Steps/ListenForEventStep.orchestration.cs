using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Listen for an event: the accounts of a group wait for their own events (raised for any one of their people, for
/// people events), taken by the node's <see cref="ListenInbox"/>, which moves on together every account whose event
/// came in one delivery, as soon as it comes; one timer for the group sends the accounts still listening along the
/// timeout path together when it fires (or out of the journey when the node has no timeout path). Neither waits for
/// what the other does next.
/// </summary>
public sealed class ListenForEventStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        ListenInbox inbox = walk.InboxOf(node);
        // Not disposed: a token source without a timer holds nothing but memory, and is cancelled from inside
        // the orchestration's own continuations, where disposing it could race its callbacks.
        var group = new ListeningGroup(walk, node, accounts, new CancellationTokenSource());
        return [.. inbox.Add(group), .. group.TimeoutAt is null ? [] : new[] { new GroupWork(node.Id, TimeOutAsync(walk, node, inbox, group), OnTheClock: true) }];
    }

    private static async Task<IReadOnlyList<AccountGroup>> TimeOutAsync(AccountBatchOrchestration walk, JourneyNode node, ListenInbox inbox, ListeningGroup group)
    {
        try
        {
            await DurableTimers.UntilAsync(walk.Context, group.TimeoutAt!.Value, group.StopTimer.Token);
        }
        catch (TaskCanceledException)
        {
            return []; // every account had its event
        }

        IReadOnlyList<string> timedOut = inbox.TimeOut(group);
        await group.Arrived;
        walk.Leave(group.Counts, timedOut);
        if (timedOut.Count > 0)
        {
            await walk.RecordPositionsAsync(node, timedOut, arrived: false, inbox.Trigger.Key);
        }

        string? onTimeout = (node.TimeoutPath ?? true) ? walk.Journey.EdgesFrom(node.Id).SingleOrDefault(e => e.Path == ListenPaths.Timeout)?.To : null;
        if (onTimeout is null)
        {
            walk.Exit(timedOut, ended: false);
            return [];
        }

        return [new AccountGroup(onTimeout, timedOut)];
    }
}

/// <summary>One group listening at a node: who of it is still waiting, its arrival, and the timer that ends its wait.</summary>
public sealed class ListeningGroup
{
    private NodeCounts? _counts;

    public ListeningGroup(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts, CancellationTokenSource stopTimer)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        Accounts = accounts;
        Waiting = new HashSet<string>(accounts, StringComparer.Ordinal);
        StopTimer = stopTimer;
        TimeoutAt = node.TimeoutAt is { } at ? at.UtcDateTime
            : node.Timeout is { } text ? walk.Context.CurrentUtcDateTime + WaitStep.Duration(node, text)
            : null;
        // Recorded once for the group, the routing index and then the positions, and only then counted at the node,
        // so an account shown as listening can be sent its event (an event before that finds no listener and is
        // dropped); every departure waits for it, so a departure is never overwritten by it.
        Arrived = ArriveAsync(walk, node);
    }

    public IReadOnlyList<string> Accounts { get; }

    /// <summary>The accounts of the group still listening.</summary>
    public HashSet<string> Waiting { get; }

    public CancellationTokenSource StopTimer { get; }

    public DateTime? TimeoutAt { get; }

    public Task Arrived { get; }

    /// <summary>The node's counts, once <see cref="Arrived"/> completed.</summary>
    public NodeCounts Counts => _counts ?? throw new InvalidOperationException("The group has not arrived yet.");

    private async Task ArriveAsync(AccountBatchOrchestration walk, JourneyNode node)
    {
        EventTrigger trigger = node.Event ?? throw new InvalidOperationException($"Node {node.Id}: no event (the version should not have validated).");
        await walk.RecordPositionsAsync(node, Accounts, arrived: true, trigger.Key);
        _counts = walk.Enter(node, Accounts);
    }
}
