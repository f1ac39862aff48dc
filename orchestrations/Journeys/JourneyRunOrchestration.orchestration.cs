using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>
/// One journey run: snapshots the audience into batches, then runs one <see cref="AccountBatchOrchestration"/>
/// per batch so no single history grows with the audience. The first batch to fail stops the others (event
/// <see cref="RunEvents.StopBatch"/>). When every batch is done the run's end (and failure, if one failed: node, batch,
/// message) is recorded, which finishes a closed journey whose last run this was.
/// </summary>
public static class JourneyRunOrchestration
{
    /// <summary>A run's failure when a batch was terminated under it (an abort that reached the batch first, or by hand).</summary>
    public const string TerminatedBatch = "A batch of the run was terminated before it ended (its journey was aborted, or the batch was stopped by hand).";

    public static async Task<AccountBatchResult> RunAsync(TaskOrchestrationContext context, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        AccountBatchResult result;
        try
        {
            result = await RunBatchesAsync(context, input);
        }
        catch (TaskFailedException e)
        {
            result = Unfinished(e);
        }

        await context.CallActivityAsync<bool>(ActivityNames.EndJourneyRun, new RunEnd(input.JourneyId, input.RunId, result.Failure, context.CurrentUtcDateTime.WithOffset()), ActivityRetry.Default);
        return result.Failure is { } failure
            ? throw new InvalidOperationException(failure.Batch is { } batch ? $"Batch {batch} failed at node '{failure.NodeId}': {failure.Message}" : failure.Message)
            : result;
    }

    /// <summary>
    /// A batch or a step of the run that failed without a result: a terminated batch carries no failure details (its
    /// reason stays with the batch).
    /// </summary>
    private static AccountBatchResult Unfinished(TaskFailedException e) =>
        new(0, 0, 0, 0, 0, new RunFailure(null, null, e.FailureDetails?.ErrorMessage ?? TerminatedBatch));

    private static async Task<AccountBatchResult> RunBatchesAsync(TaskOrchestrationContext context, JourneyRunInput input)
    {
        JourneyDefinition journey = await context.CallActivityAsync<JourneyDefinition>(
            ActivityNames.LoadJourneyVersion, new JourneyVersionRef(input.JourneyId, input.Version), ActivityRetry.Default);
        // A scheduled journey starts its accounts at its start date, not when the run was requested.
        if (journey.Start.StartAt is { } startAt && startAt.UtcDateTime > context.CurrentUtcDateTime)
        {
            await DurableTimers.UntilAsync(context, startAt.UtcDateTime, CancellationToken.None);
        }

        AudienceSnapshot audience = await context.CallActivityAsync<AudienceSnapshot>(
            ActivityNames.SnapshotAudience, new AudienceSnapshotRequest(input.RunId, input.JourneyId, input.Version, input.BatchSize, input.Accounts), ActivityRetry.Default);
        int batches = audience.Batches;
        context.SetCustomStatus(new RunProgress(audience.Accounts, batches)); // the status's "accounts not yet admitted" start from this

        // Each batch awaited on its own: the first failure is the run's, and the batches not yet done are stopped then
        // (one pass, so a run of thousands of batches replays in linear time).
        var done = new bool[batches];
        RunFailure? failure = null;
        async Task<AccountBatchResult> RunBatchAsync(int batch)
        {
            AccountBatchResult result;
            try
            {
                result = await context.CallSubOrchestratorAsync<AccountBatchResult>(
                    OrchestratorNames.JourneyAccountBatch,
                    new AccountBatchInput(input.RunId, input.JourneyId, input.Version, batch, journey),
                    new SubOrchestrationOptions { InstanceId = RunInstanceIds.Batch(input.RunId, batch) });
            }
            catch (TaskFailedException e)
            {
                result = Unfinished(e);
            }

            done[batch] = true;
            if (failure is null && result.Failure is not null)
            {
                failure = result.Failure;
                for (int other = 0; other < batches && input.StopsBatches; other++)
                {
                    if (!done[other])
                    {
                        context.SendEvent(RunInstanceIds.Batch(input.RunId, other), RunEvents.StopBatch, batch);
                    }
                }
            }

            return result;
        }

        AccountBatchResult[] results = await Task.WhenAll(Enumerable.Range(0, batches).Select(RunBatchAsync));
        return new AccountBatchResult(
            results.Sum(r => r.Accounts),
            results.Sum(r => r.Ended),
            results.Sum(r => r.Left),
            results.Sum(r => r.AccountEffects),
            results.Sum(r => r.PersonEffects),
            failure);
    }
}
