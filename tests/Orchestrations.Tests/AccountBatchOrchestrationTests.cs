using System.Collections.Concurrent;
using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Orchestrations.Journeys;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>
/// The batch walk replayed for real by the in-process Durable Task host. Activities are stand-ins that record
/// their calls: these tests are about routing, timers and counts, not about storage.
/// </summary>
public sealed class AccountBatchOrchestrationTests
{
    private static JourneyDefinition Journey(bool otherPath) => JsonSerializer.Deserialize<JourneyDefinition>($$"""
        { "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
            { "id": "split", "type": "splitByAccount", "otherPath": {{(otherPath ? "true" : "false")}},
              "paths": [ { "id": "big", "conditions": [ { "attribute": "Size", "operator": "equals", "value": "big" } ] } ] },
            { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } },
            { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "t" } },
            { "id": "merge", "type": "merge" },
            { "id": "pause", "type": "wait", "duration": "PT1S" },
            { "id": "end", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "split" },
            { "from": "split", "to": "score", "path": "big" }, { "from": "split", "to": "tier", "path": "other" },
            { "from": "score", "to": "merge" }, { "from": "tier", "to": "merge" },
            { "from": "merge", "to": "pause" }, { "from": "pause", "to": "end" } ] }
        """, JsonDefaults.Options)!;

    private static async Task<(AccountBatchResult Result, Dictionary<string, NodeCounts> Counts, ConcurrentBag<(string Node, string Account)> Calls)> RunAsync(bool otherPath)
    {
        var calls = new ConcurrentBag<(string, string)>();
        await using DurableTaskTestHost host = await DurableTaskTestHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, AccountBatchOrchestration.RunAsync);
            registry.AddActivityFunc<AudienceBatchRequest, IReadOnlyList<string>>(ActivityNames.LoadAudienceBatch, (_, _) => ["a0", "a1", "a2"]);
            registry.AddActivityFunc<AccountSplitRequest, Dictionary<string, List<string>>>(ActivityNames.EvaluateAccountSplit, (_, _) =>
                new Dictionary<string, List<string>> { ["big"] = ["a0"], ["other"] = ["a1", "a2"] });
            foreach (string action in new[] { ActivityNames.ActionChangeScore, ActivityNames.ActionChangeAccountDataValue })
            {
                registry.AddActivityFunc<ActionRequest, ActionResult>(action, (_, request) =>
                {
                    request.AccountIds.ToList().ForEach(a => calls.Add((request.NodeId, a)));
                    return new ActionResult(request.AccountIds.Count, request.AccountIds.Count * 10, 0);
                });
            }
        });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyAccountBatch, new AccountBatchInput("run-1", "j-1", 1, 0, Journey(otherPath)));
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (done.ReadOutputAs<AccountBatchResult>()!, done.ReadCustomStatusAs<Dictionary<string, NodeCounts>>()!, calls);
    }

    [Fact]
    public async Task Accounts_take_their_path_and_merge_again()
    {
        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(otherPath: true);

        Assert.Equal([("score", "a0")], calls.Where(c => c.Node == "score"));
        Assert.Equal(["a1", "a2"], calls.Where(c => c.Node == "tier").Select(c => c.Account).Order());
        Assert.Equal(3, counts["merge"].Reached);
        Assert.Equal(3, counts["end"].Reached);
        Assert.Equal(0, counts["pause"].Current);
        Assert.Equal(new AccountBatchResult(3, 3, 2, 30), result);
    }

    [Fact]
    public async Task Without_an_other_path_unmatched_accounts_leave_the_journey()
    {
        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(otherPath: false);

        Assert.DoesNotContain(calls, c => c.Node == "tier");
        Assert.Equal(3, counts["split"].Left);
        Assert.Equal(1, counts["end"].Reached);
        Assert.Equal(1, result.Ended);
    }
}
