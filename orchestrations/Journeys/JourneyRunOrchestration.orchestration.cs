using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Journeys;

/// <summary>
/// One journey run: snapshots the audience into batches, then runs one <see cref="AccountBatchOrchestration"/>
/// per batch so no single history grows with the audience.
/// </summary>
public static class JourneyRunOrchestration
{
    public static async Task<AccountBatchResult> RunAsync(TaskOrchestrationContext context, JourneyRunInput input)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(input);
        JourneyDefinition journey = await context.CallActivityAsync<JourneyDefinition>(
            ActivityNames.LoadJourneyVersion, new JourneyVersionRef(input.JourneyId, input.Version), ActivityRetry.Default);
        // A scheduled journey starts its accounts at its start date, not when the run was requested.
        if (journey.Start.StartAt is { } startAt && startAt.UtcDateTime > context.CurrentUtcDateTime)
        {
            await context.CreateTimer(startAt.UtcDateTime, CancellationToken.None);
        }

        int batches = await context.CallActivityAsync<int>(
            ActivityNames.SnapshotAudience, new AudienceSnapshotRequest(input.RunId, input.JourneyId, input.Version, input.BatchSize, input.Accounts), ActivityRetry.Default);

        AccountBatchResult[] results = await Task.WhenAll(Enumerable.Range(0, batches).Select(batch =>
            context.CallSubOrchestratorAsync<AccountBatchResult>(
                OrchestratorNames.JourneyAccountBatch,
                new AccountBatchInput(input.RunId, input.JourneyId, input.Version, batch, journey),
                new SubOrchestrationOptions { InstanceId = RunInstanceIds.Batch(input.RunId, batch) })));

        return new AccountBatchResult(
            results.Sum(r => r.Accounts), results.Sum(r => r.Ended), results.Sum(r => r.AccountEffects), results.Sum(r => r.PersonEffects));
    }
}
