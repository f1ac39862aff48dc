using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>The start node: the group goes straight on to the next node.</summary>
public sealed class StartStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        walk.Leave(walk.Enter(node, accounts), accounts);
        return [new GroupWork(node.Id, Task.FromResult(walk.Onward(node, accounts)))];
    }
}
