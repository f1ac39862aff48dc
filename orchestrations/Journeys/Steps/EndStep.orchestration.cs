using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>The end: the group's accounts are done with the journey and released for re-entry.</summary>
public sealed class EndStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        walk.Leave(walk.Enter(node, accounts), accounts);
        walk.Exit(accounts, ended: true);
        return [];
    }
}
