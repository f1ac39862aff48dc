using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>Accounts that move through the graph together, arriving at <paramref name="NodeId"/>.</summary>
public sealed record AccountGroup(string NodeId, IReadOnlyList<string> Accounts);

/// <summary>
/// A group's step in flight at a node (<paramref name="NodeId"/>; null for work of no node, such as releases):
/// completes with the groups that move on. <paramref name="OnTheClock"/>: it waits for a time or an event, so a
/// merge downstream does not hold arriving groups for it. <paramref name="Bookkeeping"/>: it only records what
/// already happened (a release, a listen node's departure), so a failing batch still waits for it; its failure is
/// reported at its node like any other.
/// </summary>
public sealed record GroupWork(string? NodeId, Task<IReadOnlyList<AccountGroup>> Next, bool OnTheClock = false, bool Bookkeeping = false);

/// <summary>What one node type does with a group that arrives at it. A new node type is one implementation, listed in <see cref="NodeSteps"/>.</summary>
public interface INodeStep
{
    /// <summary>Starts the node's work for the group; each returned piece moves its accounts on when it completes.</summary>
    IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts);
}
