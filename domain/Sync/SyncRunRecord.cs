using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Sync;

/// <summary>What a sales people skipped, by reason.</summary>
public sealed record SyncSkipped(long NoOwner, long NewerInSales);

/// <summary>
/// One initial-sync run as the run history shows it: when, how long, and what it did: people in the source, read,
/// eligible (sales-owned), written, skipped by reason, removed by the sweep, rejected (kept in the rejections), and the
/// earlier rejections it cleared (their people now copied, or no longer in the source).
/// </summary>
public sealed record SyncRunRecord(
    string RunId,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    double? DurationSeconds,
    long? SourceTotal,
    long Read,
    long Eligible,
    long Written,
    SyncSkipped Skipped,
    long Removed,
    long Rejected,
    long RejectionsCleared,
    int Pages)
{
    /// <summary>The run is under way (as stored; the run history shows the sync's live status instead).</summary>
    public const string Running = "Running";

    /// <summary>The run read every page, swept, and cleared the rejections it did not renew.</summary>
    public const string Completed = "Completed";

    /// <summary>
    /// The admin switched the sync off and on while the run was under way: it ended there (nothing swept, no rejection
    /// cleared) and a fresh run took its place.
    /// </summary>
    public const string Superseded = "Superseded";

    /// <summary>The run in progress while it waits (a spent quota, an export job running or failed): until when.</summary>
    public DateTimeOffset? PausedUntil { get; init; }

    /// <summary>Why the run in progress waits, as <c>GET /api/sync/status</c> says it.</summary>
    public string? PauseReason { get; init; }

    /// <summary>A run's record from its progress (the orchestration's checkpoint).</summary>
    public static SyncRunRecord From(SyncProgress progress, string status, DateTimeOffset? endedAt)
    {
        ArgumentNullException.ThrowIfNull(progress);
        DateTimeOffset started = progress.RunStartedAt ?? new DateTimeOffset(progress.StartedUtc, TimeSpan.Zero);
        return new SyncRunRecord(
            progress.RunId ?? "",
            status,
            started,
            endedAt,
            endedAt is { } end ? Math.Round(Math.Max((end - started).TotalSeconds, 0), 1) : null,
            progress.SourceTotal,
            progress.Read,
            progress.Eligible,
            progress.Written,
            new SyncSkipped(progress.SkippedNoOwner, progress.SkippedNewerInSales),
            progress.Removed,
            progress.Rejected,
            progress.RejectionsCleared,
            progress.Pages);
    }
}
