using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// A wait: one durable timer for the group, after its duration or at its date (then on its "must end on" day and
/// time). An account removed from the journey meanwhile leaves at once; a group left empty stops its timer.
/// </summary>
public sealed class WaitStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        DateTimeOffset end = node.Until ?? new DateTimeOffset(walk.Context.CurrentUtcDateTime + Duration(node, node.Duration ?? ""), TimeSpan.Zero);
        var group = new HeldGroup(walk, node, accounts, listensFor: null);
        return [new GroupWork(node.Id, RunAsync(walk, node, group, (node.MustEndOn?.NextAtOrAfter(end) ?? end).UtcDateTime), OnTheClock: true)];
    }

    /// <summary>A node's duration setting as a time span.</summary>
    public static TimeSpan Duration(JourneyNode node, string text)
    {
        ArgumentNullException.ThrowIfNull(node);
        return JourneyValidator.TryParseDuration(text, out TimeSpan duration)
            ? duration
            : throw new InvalidOperationException($"Node {node.Id}: invalid duration '{text}' (the version should not have validated).");
    }

    private static async Task<IReadOnlyList<AccountGroup>> RunAsync(AccountBatchOrchestration walk, JourneyNode node, HeldGroup group, DateTime due)
    {
        walk.Hold(group);
        try
        {
            await group.Arrived;
            if (group.Held.Count == 0)
            {
                return []; // every account was removed while the arrival was recorded
            }

            await DurableTimers.UntilAsync(walk.Context, due, group.StopTimer.Token);
        }
        catch (TaskCanceledException)
        {
            return []; // every account was removed
        }
        finally
        {
            walk.Unhold(group);
        }

        IReadOnlyList<string> waited = group.EndHold();
        await walk.RecordPositionsAsync(node, waited, arrived: false);
        walk.Leave(group.Counts, waited);
        return walk.Onward(node, waited);
    }
}
