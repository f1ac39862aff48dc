using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace JourneyFunctions.Activities.Tests;

/// <summary>
/// The fault case end to end through Durable: the people-action activity, applying a change score, that dies half way through its batch is retried
/// by the orchestration's retry policy, and every person ends up scored exactly once.
/// </summary>
public sealed class RetriedActionTests
{
    [Fact]
    public async Task An_activity_that_fails_mid_batch_is_retried_and_each_effect_is_applied_once()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 3, people: 4);
        var score = new ApplyPeopleActionActivity(bed.Services);
        int attempts = 0;
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["x"] } },
                { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "fault", "change": 10 } },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "score" }, { "from": "score", "to": "end" } ] }
            """, JsonDefaults.Options)!;

        await using DurableTaskTestHost host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, AccountBatchOrchestration.RunAsync);
            registry.AddActivityFunc<AudienceBatchRequest, IReadOnlyList<string>>(ActivityNames.LoadAudienceBatch, (_, _) => bed.AllAccounts(3));
            registry.AddActivityFunc<AudienceBatchRequest, int[]>(ActivityNames.CountBatchPeople, (_, _) => [.. bed.AllAccounts(3).Select(_ => 0)]);
            registry.AddActivityFunc<ReleaseAccountsRequest, int>(ActivityNames.ReleaseAccounts, (_, request) => request.AccountIds.Count);
            registry.AddActivityFunc<ActionRequest, ActionResult>(ActivityNames.ApplyPeopleAction, async (_, request) =>
            {
                if (Interlocked.Increment(ref attempts) == 1)
                {
                    // The first attempt scores the first account's people, then the worker dies.
                    await score.RunAsync(request with { AccountIds = [request.AccountIds[0]] }, CancellationToken.None);
                    throw new InvalidOperationException("worker lost mid-batch");
                }

                return await score.RunAsync(request, CancellationToken.None);
            });
        });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyAccountBatch, new AccountBatchInput(bed.RunId, bed.JourneyId, bed.Versions.Add(bed.JourneyId, journey), 0, journey.ForOrchestration()));
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal(2, attempts);
        for (int a = 0; a < 3; a++)
        {
            List<TableEntity> people = await bed.People.GetAccountPeopleAsync(bed.AccountId(a));
            Assert.All(people, p => Assert.Equal(10, p.GetDouble("Score_fault")));
        }

        Assert.Equal(12, (await bed.EffectsAsync()).Count);
    }
}
