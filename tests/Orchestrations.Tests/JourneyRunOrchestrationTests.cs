using System.Collections.Concurrent;
using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>The run orchestration replayed by the in-process Durable Task host, its batch a stand-in that waits.</summary>
public sealed class JourneyRunOrchestrationTests
{
    [Fact]
    public async Task A_batch_terminated_under_a_running_run_still_records_the_run_s_end_with_the_reason()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["a0"] } }, { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "end" } ] }
            """, JsonDefaults.Options)!;
        var ends = new ConcurrentQueue<RunEnd>();
        await using var host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<JourneyRunInput, AccountBatchResult>(OrchestratorNames.JourneyRun, JourneyRunOrchestration.RunAsync);
            registry.AddActivityFunc<JourneyVersionRef, JourneyDefinition>(ActivityNames.LoadJourneyVersion, (_, _) => journey);
            registry.AddActivityFunc<AudienceSnapshotRequest, AudienceSnapshot>(ActivityNames.SnapshotAudience, (_, _) => new AudienceSnapshot(1, 1));
            registry.AddActivityFunc<RunEnd, bool>(ActivityNames.EndJourneyRun, (_, end) =>
            {
                ends.Enqueue(end);
                return true;
            });
            // A batch that waits until it is terminated, as one held at a wait node is when its journey is aborted.
            registry.AddOrchestratorFunc<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, async (context, _) =>
            {
                await context.WaitForExternalEvent<bool>("never");
                return new AccountBatchResult(1, 1, 0, 0, 0);
            });
        });
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string runId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyRun, new JourneyRunInput("run-1", "j-1", 1, 500), new StartOrchestrationOptions { InstanceId = "run-1" });
        string batchId = RunInstanceIds.Batch(runId, 0);
        while ((await host.Client.GetInstanceAsync(batchId, bound.Token))?.RuntimeStatus != OrchestrationRuntimeStatus.Running)
        {
            await Task.Delay(50, bound.Token);
        }

        await host.Client.TerminateInstanceAsync(batchId, "Journey j-1 was aborted.", bound.Token);
        OrchestrationMetadata run = await host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, bound.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        RunEnd end = Assert.Single(ends);
        Assert.Equal(JourneyRunOrchestration.TerminatedBatch, end.Failure?.Message);
        Assert.InRange(end.EndedAt!.Value, run.CreatedAt, run.LastUpdatedAt); // given by the orchestration, so every try of the activity records the same end
    }

    [Fact]
    public async Task A_batch_that_fails_for_good_stops_the_run_s_other_batches_at_once_while_they_hold_accounts()
    {
        // Batch 0's a0 takes a step that fails every try (the retries run out after about 31 s); batch 1's a1 waits a day
        // and batch 2's a2 listens for a day. The run must fail then (within the 2-minute bound), naming batch 0.
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "split", "type": "splitByAccount", "otherPath": true, "paths": [
                    { "id": "broken", "conditions": [ { "attribute": "Tier", "operator": "equals", "value": "0" } ] },
                    { "id": "wait", "conditions": [ { "attribute": "Tier", "operator": "equals", "value": "1" } ] } ] },
                { "id": "broken", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "t" } },
                { "id": "wait", "type": "wait", "duration": "P1D" },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "P1D" },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "split" },
                { "from": "split", "to": "broken", "path": "broken" }, { "from": "split", "to": "wait", "path": "wait" },
                { "from": "split", "to": "listen", "path": "other" },
                { "from": "broken", "to": "end" }, { "from": "wait", "to": "end" }, { "from": "listen", "to": "end" } ] }
            """, JsonDefaults.Options)!;
        var ends = new ConcurrentQueue<RunEnd>();
        var released = new ConcurrentQueue<string>();
        await using var host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddOrchestratorFunc<JourneyRunInput, AccountBatchResult>(OrchestratorNames.JourneyRun, JourneyRunOrchestration.RunAsync);
            registry.AddOrchestratorFunc<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, AccountBatchOrchestration.RunAsync);
            registry.AddActivityFunc<JourneyVersionRef, JourneyDefinition>(ActivityNames.LoadJourneyVersion, (_, _) => journey);
            registry.AddActivityFunc<AudienceSnapshotRequest, AudienceSnapshot>(ActivityNames.SnapshotAudience, (_, _) => new AudienceSnapshot(3, 3));
            registry.AddActivityFunc<AudienceBatchRequest, IReadOnlyList<string>>(ActivityNames.LoadAudienceBatch, (_, request) => [$"a{request.Batch}"]);
            registry.AddActivityFunc<AudienceBatchRequest, int[]>(ActivityNames.CountBatchPeople, (_, _) => [1]);
            registry.AddActivityFunc<AccountSplitRequest, Dictionary<string, List<string>>>(ActivityNames.EvaluateAccountSplit, (_, request) =>
                new Dictionary<string, List<string>>
                {
                    ["broken"] = [.. request.AccountIds.Where(a => a == "a0")],
                    ["wait"] = [.. request.AccountIds.Where(a => a == "a1")],
                    ["other"] = [.. request.AccountIds.Where(a => a == "a2")],
                });
            registry.AddActivityFunc<ActionRequest, ActionResult>(ActivityNames.ApplyAccountAction, ActionResult (_, _) => throw new InvalidOperationException("the action's system is gone"));
            registry.AddActivityFunc<NodePositionsRequest, int>(ActivityNames.RecordNodePositions, (_, request) => request.AccountIds.Count);
            registry.AddActivityFunc<ReleaseAccountsRequest, int>(ActivityNames.ReleaseAccounts, (_, request) =>
            {
                request.AccountIds.ToList().ForEach(released.Enqueue);
                return request.AccountIds.Count;
            });
            registry.AddActivityFunc<RunEnd, bool>(ActivityNames.EndJourneyRun, (_, end) =>
            {
                ends.Enqueue(end);
                return true;
            });
        });
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        string runId = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyRun, new JourneyRunInput("run-1", "j-1", 1, 1, StopsBatches: true), new StartOrchestrationOptions { InstanceId = "run-1" });
        OrchestrationMetadata run = await host.Client.WaitForInstanceCompletionAsync(runId, getInputsAndOutputs: true, bound.Token);

        Assert.Equal(OrchestrationRuntimeStatus.Failed, run.RuntimeStatus);
        RunEnd end = Assert.Single(ends);
        Assert.Equal(("broken", 0), (end.Failure?.NodeId, end.Failure?.Batch));
        Assert.Equal(["a0", "a1", "a2"], released.Order());
        foreach (int batch in new[] { 1, 2 })
        {
            OrchestrationMetadata? stopped = await host.Client.GetInstanceAsync(RunInstanceIds.Batch(runId, batch), getInputsAndOutputs: true, bound.Token);
            Assert.Contains("Stopped because batch 0 of the run failed.", stopped?.SerializedOutput, StringComparison.Ordinal);
        }
    }
}
