using JourneyFunctions.Domain.Contracts;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Sync;

/// <summary>
/// The initial sync: reads the source step by step, carrying its cursor and totals in the orchestration state (the
/// checkpoint), and continues as new every few steps to keep history short. A crash resumes from the last completed
/// step. A fresh sync counts the source alongside its first steps, for the progress and the time left. With a
/// throttle it waits on durable timers between steps; when the source refuses calls until a time (a spent daily
/// quota) it waits until then with the reason in its status.
/// </summary>
public static class InitialSyncOrchestration
{
    /// <summary>The one instance per tenant: the timer never starts a second.</summary>
    public const string InstanceId = "initial-sync";

    private const int StepsPerExecution = 20;

    public static async Task<SyncProgress> RunAsync(TaskOrchestrationContext context, SyncProgress progress)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(progress);
        Task<long?>? counting = progress is { Pages: 0, Cursor: null, SourceTotal: null }
            ? context.CallActivityAsync<long?>(ActivityNames.CountSyncSource, null, ActivityRetry.Default)
            : null;
        for (int i = 0; i < StepsPerExecution; i++)
        {
            DateTime stepStarted = context.CurrentUtcDateTime;
            SyncPageResult step = await context.CallActivityAsync<SyncPageResult>(
                ActivityNames.SyncInitialPage, new SyncPageRequest(progress.Cursor, progress.PageSize), ActivityRetry.Default);
            progress = progress.After(step);
            if (counting is { IsCompleted: true })
            {
                progress = progress with { SourceTotal = await counting };
                counting = null;
            }

            context.SetCustomStatus(progress);
            if (progress.PausedUntilUtc is { } until)
            {
                await context.CreateTimer(until, CancellationToken.None);
                continue;
            }

            if (step.NextCursor is null)
            {
                return await WithCountAsync(progress, counting);
            }

            if (progress.MaxPeoplePerMinute > 0)
            {
                DateTime next = stepStarted.AddMinutes((double)step.Read / progress.MaxPeoplePerMinute);
                if (next > context.CurrentUtcDateTime)
                {
                    await context.CreateTimer(next, CancellationToken.None);
                }
            }
        }

        context.ContinueAsNew(await WithCountAsync(progress, counting));
        return progress;
    }

    /// <summary>The count must land before this execution ends: a new execution would not see it.</summary>
    private static async Task<SyncProgress> WithCountAsync(SyncProgress progress, Task<long?>? counting) =>
        counting is null ? progress : progress with { SourceTotal = await counting };
}
