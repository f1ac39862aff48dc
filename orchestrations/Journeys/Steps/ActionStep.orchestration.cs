using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>A take-action node: one activity call for the whole group, then on.</summary>
public sealed class ActionStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        return [new GroupWork(node.Id, RunAsync(walk, node, accounts))];
    }

    /// <summary>
    /// Applies the node's action to the accounts and, for people actions, to all their people or only
    /// <paramref name="people"/> (on a split-by-people path). The one place the walk calls an action.
    /// </summary>
    public static async Task ApplyAsync(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts, NodeCounts counts, IReadOnlyDictionary<string, IReadOnlyList<string>>? people = null)
    {
        ArgumentNullException.ThrowIfNull(walk);
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(counts);
        ActionDefinition action = ActionCatalog.Find(node.Action)
            ?? throw new InvalidOperationException($"Node {node.Id}: unknown action '{node.Action}' (the version should not have validated).");
        ActionResult result = await walk.Context.CallActivityAsync<ActionResult>(
            action.ActivityName,
            new ActionRequest(walk.Input.RunId, walk.Input.JourneyId, walk.Input.Version, node.Id, action.Type, accounts, people),
            ActivityRetry.Default);
        counts.PeopleAffected += result.People;
        counts.PeopleSkipped += result.Skipped;
        walk.CountEffects(action.Scope == ActionScope.Account ? result.Accounts : 0, result.People);
    }

    private static async Task<IReadOnlyList<AccountGroup>> RunAsync(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        NodeCounts counts = walk.Enter(node, accounts);
        await ApplyAsync(walk, node, accounts, counts);
        walk.Leave(counts, accounts);
        return walk.Onward(node, accounts);
    }
}
