using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>A merge: the group is held until the groups arriving with it are there too, then they continue as one (see the batch walk).</summary>
public sealed class MergeStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        walk.Enter(node, accounts);
        walk.Gather(node, accounts);
        return [];
    }
}
