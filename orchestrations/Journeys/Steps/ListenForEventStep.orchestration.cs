using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Listen for an event: the accounts of a group wait for their own events (raised for any one of their people, for
/// people events), taken by the node's <see cref="ListenInbox"/>, which moves on together every account whose event
/// came in one delivery, as soon as it comes; one timer for the group sends the accounts still listening along the
/// timeout path together when it fires (or out of the journey when the node has no timeout path). Neither waits for
/// what the other does next. An account removed from the journey meanwhile leaves at once (<see cref="ListenInbox.Release"/>).
/// </summary>
public sealed class ListenForEventStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        ListenInbox inbox = walk.InboxOf(node);
        DateTime? timeoutAt = node.TimeoutAt is { } at ? at.UtcDateTime
            : node.Timeout is { } text ? walk.Context.CurrentUtcDateTime + WaitStep.Duration(node, text)
            : null;
        var group = new HeldGroup(walk, node, accounts, inbox.Trigger.RoutingKey());
        return
        [
            .. inbox.Add(group),
            new GroupWork(node.Id, ArrivalAsync(group), OnTheClock: true),
            .. timeoutAt is { } due ? new[] { new GroupWork(node.Id, TimeOutAsync(walk, node, inbox, group, due), OnTheClock: true) } : [],
        ];
    }

    /// <summary>
    /// The group's arrival record as work of the node, so its failure fails the batch at this node at once, whatever
    /// comes next (without a timeout, or with every account removed, nothing else would wait for it).
    /// </summary>
    private static async Task<IReadOnlyList<AccountGroup>> ArrivalAsync(HeldGroup group)
    {
        await group.Arrived;
        return [];
    }

    private static async Task<IReadOnlyList<AccountGroup>> TimeOutAsync(AccountBatchOrchestration walk, JourneyNode node, ListenInbox inbox, HeldGroup group, DateTime due)
    {
        try
        {
            await DurableTimers.UntilAsync(walk.Context, due, group.StopTimer.Token);
        }
        catch (TaskCanceledException)
        {
            return []; // every account had its event or was removed
        }

        IReadOnlyList<string> timedOut = inbox.TimeOut(group);
        await group.Arrived;
        walk.Leave(group.Counts, timedOut);
        if (timedOut.Count > 0)
        {
            await walk.RecordPositionsAsync(node, timedOut, arrived: false, inbox.Trigger.RoutingKey());
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
