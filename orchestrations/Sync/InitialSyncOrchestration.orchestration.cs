using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations.Sync;

/// <summary>
/// The initial sync: reads the source step by step, carrying its cursor and totals in the orchestration state (the
/// checkpoint), and continues as new every few steps to keep history short. A crash resumes from the last completed
/// step. A fresh sync counts the source alongside its first steps, for the progress and the time left. With a
/// throttle a step reads at most a minute's worth and waits out the minute on a durable timer; when the source refuses
/// calls until a time (a spent daily quota) it waits until then with the reason in its status. A run the admin
/// switched off and on after it read its first pages starts over as a fresh run: a change skipped while the sync was
/// off may concern a person it had already read. Once every page is read, it sweeps the sales copy:
/// people this run did not confirm, whom nobody changed since it started, are removed (they lost their owner or were
/// deleted without a change message reaching the sync). Last, the run's end clears the rejections it did not renew and
/// records the run in the history.
/// </summary>
public static class InitialSyncOrchestration
{
    /// <summary>The one instance per tenant: the timer never starts a second.</summary>
    public const string InstanceId = "initial-sync";

    /// <summary>Raised when an admin switches the sync back on: a pause for the switch ends at once, not at its next minute.</summary>
    public const string ResumeEvent = "resume";

    private const int StepsPerExecution = 20;

    /// <summary>The longest throttle wait before the throttle is read again, so a change to it reaches a wait already begun.</summary>
    private static readonly TimeSpan ThrottleRecheck = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Throttle rechecks in one execution before it continues as new with the wait still owed: a wait of hours (a step
    /// read before the throttle was lowered far) would otherwise grow one history by a timer and an activity a minute.
    /// </summary>
    private const int ThrottleRechecksPerExecution = 60;

    /// <summary>
    /// Sales buckets per sweep activity: 32 activities over the 128 buckets, run as wide as the host allows. Small, so
    /// that at a million people (~25,000 copies each) one still ends long before its message becomes visible again and
    /// another host takes it up a second time.
    /// </summary>
    private const int BucketsPerSweep = 4;

    public static async Task<SyncProgress> RunAsync(TaskOrchestrationContext context, SyncProgress progress)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(progress);
        if (progress is { RunId: null, Pages: 0, Cursor: null })
        {
            string runId = context.NewGuid().ToString("N");
            DateTimeOffset started = await context.CallActivityAsync<DateTimeOffset>(ActivityNames.StartSyncRun, runId, ActivityRetry.Default);
            progress = progress with { RunId = runId, RunStartedAt = started };
            // The checkpoint names the run before its first step: a resume after that step fails goes on with this run
            // instead of starting another and leaving this one's record Running for good.
            context.SetCustomStatus(progress);
        }

        if (!progress.ReadComplete)
        {
            progress = await ReadStepsAsync(context, progress);
            if (!progress.ReadComplete)
            {
                context.ContinueAsNew(progress);
                return progress;
            }
        }

        return await SweepAsync(context, progress);
    }

    /// <summary>Up to <see cref="StepsPerExecution"/> steps, or until the source ends.</summary>
    private static async Task<SyncProgress> ReadStepsAsync(TaskOrchestrationContext context, SyncProgress progress)
    {
        Task<long?>? counting = progress is { Pages: 0, Cursor: null, SourceTotal: null }
            ? context.CallActivityAsync<long?>(ActivityNames.CountSyncSource, null, ActivityRetry.Default)
            : null;
        if (progress.ThrottleOwed > 0)
        {
            progress = await ThrottleAsync(context, progress with { ThrottleOwed = 0 }, context.CurrentUtcDateTime, progress.ThrottleOwed);
        }

        for (int i = 0; i < StepsPerExecution && !progress.ReadComplete && progress.ThrottleOwed == 0; i++)
        {
            DateTime stepStarted = context.CurrentUtcDateTime;
            // Throttled, a step reads a minute's worth: the throttle's waits stay short and its rate even.
            int pageSize = progress.MaxPeoplePerMinute > 0 ? Math.Min(progress.PageSize, progress.MaxPeoplePerMinute) : progress.PageSize;
            SyncPageResult step = await context.CallActivityAsync<SyncPageResult>(
                ActivityNames.SyncInitialPage, new SyncPageRequest(progress.Cursor, pageSize, progress.RunId, progress.SwitchedOnVersion), ActivityRetry.Default);
            if (step.SwitchedOffAndOnSince(progress.SwitchedOnVersion))
            {
                if (progress.Pages == 0)
                {
                    // Nothing read yet, so no change can have been missed: read on under the new switch.
                    progress = progress with { SwitchedOnVersion = step.SwitchedOnVersion, PausedUntilUtc = null, PauseReason = null };
                    continue;
                }

                if (counting is not null)
                {
                    await counting; // not left running past this execution; the fresh run counts again
                }

                return await StartOverAsync(context, progress, step);
            }

            progress = progress.After(step);
            if (counting is { IsCompleted: true })
            {
                progress = progress with { SourceTotal = await counting };
                counting = null;
            }

            context.SetCustomStatus(progress);
            if (progress.PausedUntilUtc is { } until)
            {
                await PauseAsync(context, until);
            }
            else if (!progress.ReadComplete)
            {
                progress = await ThrottleAsync(context, progress, stepStarted, step.Read);
            }
        }

        // The count must land before this execution ends: a new execution would not see it.
        return counting is null ? progress : progress with { SourceTotal = await counting };
    }

    /// <summary>
    /// The admin switched the sync off and on since this run read its first pages: it ends, recorded <c>Superseded</c>
    /// (its rejections kept, nothing swept), and a fresh run takes its place, reading from the first page.
    /// </summary>
    private static async Task<SyncProgress> StartOverAsync(TaskOrchestrationContext context, SyncProgress progress, SyncPageResult step)
    {
        await context.CallActivityAsync<int>(ActivityNames.EndSyncRun, progress, ActivityRetry.Default);
        var fresh = new SyncProgress
        {
            PageSize = progress.PageSize,
            MaxPeoplePerMinute = step.MaxPeoplePerMinute ?? progress.MaxPeoplePerMinute,
            StartedUtc = context.CurrentUtcDateTime,
            SwitchedOnVersion = step.SwitchedOnVersion,
        };
        context.SetCustomStatus(fresh);
        return fresh;
    }

    /// <summary>
    /// Waits until <paramref name="read"/> people at the throttle have had their time since <paramref name="stepStarted"/>.
    /// A wait longer than <see cref="ThrottleRecheck"/> (a step read before the throttle was lowered) reads the throttle
    /// again each time, so raising it, or 0, ends the wait. After <see cref="ThrottleRechecksPerExecution"/> rechecks it
    /// returns with the people whose time is still owed in <see cref="SyncProgress.ThrottleOwed"/>, for the next execution.
    /// </summary>
    private static async Task<SyncProgress> ThrottleAsync(TaskOrchestrationContext context, SyncProgress progress, DateTime stepStarted, int read)
    {
        for (int rechecks = 0; progress.MaxPeoplePerMinute > 0; rechecks++)
        {
            DateTime next = stepStarted.AddMinutes((double)read / progress.MaxPeoplePerMinute);
            if (rechecks == ThrottleRechecksPerExecution)
            {
                double owed = (next - context.CurrentUtcDateTime).TotalMinutes * progress.MaxPeoplePerMinute;
                return owed > 0 ? progress with { ThrottleOwed = (int)Math.Ceiling(owed) } : progress;
            }

            DateTime recheck = context.CurrentUtcDateTime + ThrottleRecheck;
            if (next <= recheck)
            {
                if (next > context.CurrentUtcDateTime)
                {
                    await context.CreateTimer(next, CancellationToken.None);
                }

                break;
            }

            await context.CreateTimer(recheck, CancellationToken.None);

            progress = progress with { MaxPeoplePerMinute = await context.CallActivityAsync<int>(ActivityNames.ReadSyncThrottle, null, ActivityRetry.Default) };
            context.SetCustomStatus(progress);
        }

        return progress;
    }

    /// <summary>
    /// Waits until <paramref name="until"/> or a <see cref="ResumeEvent"/>, whichever comes first. A resume that arrives
    /// while no pause waits is kept by Durable and may cut a later pause short (a spent quota): the next step then asks
    /// the source again and pauses again, which costs one call.
    /// </summary>
    private static async Task PauseAsync(TaskOrchestrationContext context, DateTime until)
    {
        using var stop = new CancellationTokenSource();
        Task timer = context.CreateTimer(until, stop.Token);
        Task resumed = context.WaitForExternalEvent<bool>(ResumeEvent, stop.Token);
        await Task.WhenAny(timer, resumed);
        // Cancel, not CancelAsync: that runs the callbacks on the thread pool, an await outside Durable after which
        // the orchestration never resumed (every pause hung the sync).
        stop.Cancel();
    }

    /// <summary>
    /// Removes whom this run did not confirm, one activity per group of buckets side by side. A run started before runs
    /// had ids stamped nothing, so it cannot tell and sweeps nothing.
    /// </summary>
    private static async Task<SyncProgress> SweepAsync(TaskOrchestrationContext context, SyncProgress progress)
    {
        if (progress is not { RunId: { } runId, RunStartedAt: { } started })
        {
            return progress;
        }

        int[] removed = await Task.WhenAll(Enumerable.Range(0, SalesBuckets.Count).Chunk(BucketsPerSweep).Select(buckets =>
            context.CallActivityAsync<int>(ActivityNames.SweepSalesPeople, new SalesSweepRequest(runId, started, buckets[0], buckets.Length), ActivityRetry.Default)));
        progress = progress with { Removed = removed.Sum() };
        int cleared = await context.CallActivityAsync<int>(ActivityNames.EndSyncRun, progress, ActivityRetry.Default);
        progress = progress with { RejectionsCleared = cleared };
        context.SetCustomStatus(progress);
        return progress;
    }
}
