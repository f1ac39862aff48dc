using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>A wait: one durable timer for the group, after its duration or at its date (then on its "must end on" day and time).</summary>
public sealed class WaitStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        return [new GroupWork(node.Id, RunAsync(walk, node, accounts), OnTheClock: true)];
    }

    /// <summary>A node's duration setting as a time span.</summary>
    public static TimeSpan Duration(JourneyNode node, string text)
    {
        ArgumentNullException.ThrowIfNull(node);
        return JourneyValidator.TryParseDuration(text, out TimeSpan duration)
            ? duration
            : throw new InvalidOperationException($"Node {node.Id}: invalid duration '{text}' (the version should not have validated).");
    }

    private static async Task<IReadOnlyList<AccountGroup>> RunAsync(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        NodeCounts counts = walk.Enter(node, accounts);
        DateTimeOffset end = node.Until ?? new DateTimeOffset(walk.Context.CurrentUtcDateTime + Duration(node, node.Duration ?? ""), TimeSpan.Zero);
        await walk.RecordPositionsAsync(node, accounts, arrived: true);
        await DurableTimers.UntilAsync(walk.Context, (node.MustEndOn?.NextAtOrAfter(end) ?? end).UtcDateTime, CancellationToken.None);
        await walk.RecordPositionsAsync(node, accounts, arrived: false);
        walk.Leave(counts, accounts);
        return walk.Onward(node, accounts);
    }
}
