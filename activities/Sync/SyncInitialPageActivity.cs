using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;

namespace JourneyFunctions.Activities.Sync;

/// <summary>
/// One step of the initial sync (one checkpoint): reads up to <see cref="SyncPageRequest.PageSize"/> people after the
/// cursor from the configured source, in reads of at most <see cref="ReadSize"/>, keeps the sales-owned ones, maps the
/// 13 fields and writes them, stamped with the run for its sweep, in version-guarded batch transactions, so a copy read
/// before an incremental change never overwrites that change. The next read runs while the previous one is written.
/// Re-running a step rewrites the same rows.
/// </summary>
public sealed class SyncInitialPageActivity(IPeopleSource source, SalesPeopleStore sales) : IActivity<SyncPageRequest, SyncPageResult>
{
    /// <summary>People per source read: the most an Azure Tables query returns at once.</summary>
    public const int ReadSize = 1000;

    public async Task<SyncPageResult> RunAsync(SyncPageRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        int readSize = Math.Min(ReadSize, input.PageSize);
        var result = new SyncPageResult(input.Cursor, 0, 0, 0);
        Task<SalesWriteResult> writing = Task.FromResult(SalesWriteResult.None);
        SourcePage page = await source.ReadPageAsync(input.Cursor, readSize, cancellationToken);
        while (true)
        {
            if (page.PausedUntilUtc is not null)
            {
                // Nothing read in this step: report the pause. Otherwise keep what was read; the next step pauses.
                result = result.Read == 0 ? result with { PausedUntilUtc = page.PausedUntilUtc, PauseReason = page.PauseReason } : result;
                break;
            }

            var eligible = page.People.Where(SalesPerson.IsEligible).Select(p => SalesPerson.From(p, input.RunId)).ToList();
            result = result with { NextCursor = page.NextCursor, Read = result.Read + page.People.Count, Eligible = result.Eligible + eligible.Count };
            Task<SourcePage>? reading = page.NextCursor is not null && result.Read < input.PageSize
                ? source.ReadPageAsync(page.NextCursor, readSize, cancellationToken)
                : null;
            result = Add(result, await writing);
            writing = sales.WriteIfNewerAsync(eligible, cancellationToken);
            if (reading is null)
            {
                break;
            }

            page = await reading;
        }

        result = Add(result, await writing);
        JourneyMetrics.Synced(JourneyMetrics.InitialSync, JourneyMetrics.Written, result.Written);
        return result;
    }

    private static SyncPageResult Add(SyncPageResult result, SalesWriteResult written) =>
        result with { Written = result.Written + written.Written, SkippedAsOlder = result.SkippedAsOlder + written.SkippedAsOlder };
}
