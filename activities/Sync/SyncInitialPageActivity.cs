using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Activities.Sync;

/// <summary>
/// One step of the initial sync (one checkpoint): reads up to <see cref="SyncPageRequest.PageSize"/> people after the
/// cursor from the configured source, in reads of at most <see cref="ReadSize"/>, keeps the sales-owned ones, maps the
/// 13 fields and writes them, stamped with the run for its sweep, in version-guarded batch transactions, so a copy read
/// before an incremental change never overwrites that change. The next read runs while the previous one is written.
/// Re-running a step rewrites the same rows. Each step reads the admin's settings: switched off, it reads nothing and
/// reports a pause of <see cref="OffRecheck"/>, after which the sync asks again; switched off and on since the run's
/// earlier steps, it reads nothing either (the run starts over); the throttle it reports applies from this step on. A
/// sales-owned person who cannot be copied (<see cref="SalesPerson.Problem"/>) is rejected: kept with the reason in the
/// rejections, where the run's end clears those no longer rejected.
/// </summary>
public sealed class SyncInitialPageActivity(
    IPeopleSource source,
    SalesPeopleStore sales,
    SyncRejectionStore rejections,
    ISyncSettings settings,
    TimeProvider clock,
    ILogger<SyncInitialPageActivity>? logger = null) : IActivity<SyncPageRequest, SyncPageResult>
{
    /// <summary>People per source read: the most an Azure Tables query returns at once.</summary>
    public const int ReadSize = 1000;

    /// <summary>How long a sync switched off waits before it reads the settings again.</summary>
    public static readonly TimeSpan OffRecheck = TimeSpan.FromMinutes(1);

    public async Task<SyncPageResult> RunAsync(SyncPageRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        StoredSyncSettings admin = await settings.GetAsync(cancellationToken);
        if (!admin.Settings.Enabled)
        {
            return new SyncPageResult(input.Cursor, 0, 0, 0, PausedUntilUtc: clock.GetUtcNow().UtcDateTime + OffRecheck,
                PauseReason: $"The sync is switched off (sync settings, by {admin.ChangedBy} at {admin.ChangedAt:u}); it goes on when switched on.",
                MaxPeoplePerMinute: admin.Settings.MaxPeoplePerMinute, SwitchedOnVersion: admin.SwitchedOnVersion);
        }

        var result = new SyncPageResult(input.Cursor, 0, 0, 0, MaxPeoplePerMinute: admin.Settings.MaxPeoplePerMinute, SwitchedOnVersion: admin.SwitchedOnVersion);
        if (result.SwitchedOffAndOnSince(input.SwitchedOnVersion))
        {
            return result; // the run starts over: reading on would only be read again
        }

        int readSize = Math.Min(ReadSize, input.PageSize);
        Task<SalesWriteResult> writing = Task.FromResult(SalesWriteResult.None);
        SourcePage page = await source.ReadPageAsync(input.Cursor, readSize, cancellationToken);
        bool movedOn = false;
        while (true)
        {
            if (page.PausedUntilUtc is not null)
            {
                // No page taken in this step: report the pause. Otherwise keep the cursor it moved to (even past pages
                // of no one, as an export window with no updates), so the next step pauses there, not back here.
                result = movedOn ? result : result with { PausedUntilUtc = page.PausedUntilUtc, PauseReason = page.PauseReason };
                break;
            }

            movedOn = true;

            var copies = new List<TableEntity>();
            var rejected = new List<SyncRejection>();
            foreach (TableEntity person in page.People.Where(SalesPerson.IsEligible))
            {
                if (SalesPerson.Problem(person) is { } problem)
                {
                    rejected.Add(problem);
                }
                else
                {
                    copies.Add(SalesPerson.From(person, input.RunId));
                }
            }

            result = result with
            {
                NextCursor = page.NextCursor,
                Read = result.Read + page.People.Count,
                Eligible = result.Eligible + copies.Count + rejected.Count,
                Rejected = result.Rejected + rejected.Count,
            };
            if (rejected.Count > 0)
            {
                await rejections.RecordAsync(rejected, input.RunId ?? SyncRejectionStore.Incremental, cancellationToken);
            }

            Task<SourcePage>? reading = page.NextCursor is not null && result.Read < input.PageSize
                ? source.ReadPageAsync(page.NextCursor, readSize, cancellationToken)
                : null;
            result = Add(result, await writing);
            writing = sales.WriteIfNewerAsync(copies, cancellationToken);
            if (reading is null)
            {
                break;
            }

            page = await reading;
        }

        result = Add(result, await writing);
        logger?.LogInformation(
            "Initial sync step of run {RunId}: {Read} read, {Written} written, {Rejected} rejected, {More}",
            input.RunId, result.Read, result.Written, result.Rejected, result.NextCursor is null ? "the source is done" : "more to read");
        JourneyMetrics.Synced(JourneyMetrics.InitialSync, JourneyMetrics.Written, result.Written);
        return result;
    }

    private static SyncPageResult Add(SyncPageResult result, SalesWriteResult written) =>
        result with { Written = result.Written + written.Written, SkippedAsOlder = result.SkippedAsOlder + written.SkippedAsOlder };
}
