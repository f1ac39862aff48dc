using JourneyFunctions.Domain.Contracts;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Sync;

/// <summary>
/// The initial sync: reads the marketing store page by page, carrying its cursor and totals in the
/// orchestration state (the checkpoint), and continues as new every few pages to keep history short.
/// A crash resumes from the last completed page.
/// </summary>
public static class InitialSyncOrchestration
{
    /// <summary>The one instance per tenant: the timer never starts a second.</summary>
    public const string InstanceId = "initial-sync";

    private const int PagesPerExecution = 20;

    public static async Task<SyncProgress> RunAsync(TaskOrchestrationContext context, SyncProgress progress)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(progress);
        for (int i = 0; i < PagesPerExecution; i++)
        {
            SyncPageResult page = await context.CallActivityAsync<SyncPageResult>(
                ActivityNames.SyncInitialPage, new SyncPageRequest(progress.Cursor, progress.PageSize), ActivityRetry.Default);
            progress = progress.After(page);
            context.SetCustomStatus(progress);
            if (page.NextCursor is null)
            {
                return progress;
            }
        }

        context.ContinueAsNew(progress);
        return progress;
    }
}
