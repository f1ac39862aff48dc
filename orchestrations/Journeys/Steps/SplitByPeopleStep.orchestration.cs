using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys.Steps;

/// <summary>
/// Split by people: people on each path get that path's people actions, path by path in parallel; people on no path
/// skip them. The paths then join again and the whole group continues from the split's join point.
/// </summary>
public sealed class SplitByPeopleStep : INodeStep
{
    public IEnumerable<GroupWork> Start(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        ArgumentNullException.ThrowIfNull(walk);
        return [new GroupWork(node.Id, RunAsync(walk, node, accounts))];
    }

    private static async Task<IReadOnlyList<AccountGroup>> RunAsync(AccountBatchOrchestration walk, JourneyNode node, IReadOnlyList<string> accounts)
    {
        NodeCounts counts = walk.Enter(node, accounts);
        Dictionary<string, Dictionary<string, List<string>>> routes = await walk.Context.CallActivityAsync<Dictionary<string, Dictionary<string, List<string>>>>(
            ActivityNames.EvaluatePeopleSplit, new PeopleSplitRequest(node.Paths ?? [], accounts), ActivityRetry.Default);
        walk.Leave(counts, accounts);
        string join = walk.Journey.EdgesFrom(node.Id).Single(e => e.Path is null).To;
        await Task.WhenAll(walk.Journey.EdgesFrom(node.Id)
            .Where(edge => edge.Path is not null && routes.TryGetValue(edge.Path, out Dictionary<string, List<string>>? onPath) && onPath.Count > 0)
            .Select(edge => WalkPathAsync(walk, edge.To, join, routes[edge.Path!].ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value, StringComparer.Ordinal))));
        return [new AccountGroup(join, accounts)];
    }

    /// <summary>A path's chain of people actions, applied to the people on the path, up to the join point.</summary>
    private static async Task WalkPathAsync(AccountBatchOrchestration walk, string nodeId, string join, IReadOnlyDictionary<string, IReadOnlyList<string>> people)
    {
        List<string> accounts = [.. people.Keys];
        int peopleOnPath = people.Values.Sum(p => p.Count);
        for (string id = nodeId; id != join; id = walk.Journey.EdgesFrom(id).Single().To)
        {
            JourneyNode node = walk.Journey.Node(id);
            NodeCounts counts = walk.Enter(node, accounts, peopleOnPath);
            await ActionStep.ApplyAsync(walk, node, accounts, counts, people);
            walk.Leave(counts, accounts, peopleOnPath);
        }
    }
}
