using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Split by account: one evaluation for the group, then one group per path (first matching path wins); unmatched
/// accounts take the "other" path if there is one, else leave the journey.
/// </summary>
public sealed class SplitByAccountStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        return [new GroupWork(node.Id, RunAsync(walk, node, accounts))];
    }

    private static async Task<IReadOnlyList<AccountGroup>> RunAsync(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        NodeCounts counts = walk.Enter(node, accounts);
        Dictionary<string, List<string>> routes = await walk.Context.CallActivityAsync<Dictionary<string, List<string>>>(
            ActivityNames.EvaluateAccountSplit, new AccountSplitRequest(node.Paths ?? [], accounts), ActivityRetry.Default);
        walk.Leave(counts, accounts);
        var next = new List<AccountGroup>();
        foreach (JourneyEdge edge in walk.Journey.EdgesFrom(node.Id))
        {
            if (edge.Path is not null && routes.TryGetValue(edge.Path, out List<string>? routed) && (edge.Path != SplitPaths.Other || node.OtherPath == true))
            {
                next.Add(new AccountGroup(edge.To, routed));
            }
        }

        HashSet<string> routedOn = [.. next.SelectMany(group => group.Accounts)];
        walk.Exit(accounts.Where(account => !routedOn.Contains(account)), ended: false);
        return next;
    }
}
