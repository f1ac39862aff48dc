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
}
