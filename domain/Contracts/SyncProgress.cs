namespace JourneyFunctions.Domain.Contracts;

/// <summary>The initial sync's running totals and cursor; the orchestration's input and custom status.</summary>
public sealed record SyncProgress
{
    public string? Cursor { get; init; }

    /// <summary>This full-sync run: stamps the copies it writes, so its sweep can tell whom it did not confirm.</summary>
    public string? RunId { get; init; }

    /// <summary>When the run started, by the storage clock (see <c>SyncRunStore</c>).</summary>
    public DateTimeOffset? RunStartedAt { get; init; }

    /// <summary>Every page is read; what is left is the sweep.</summary>
    public bool ReadComplete { get; init; }

    /// <summary>Sales people the sweep removed: no longer sales-owned (or gone) in the source, with no change message saying so.</summary>
    public long Removed { get; init; }

    public int Pages { get; init; }

    /// <summary>People in the source when the sync started, if the source can count them.</summary>
    public long? SourceTotal { get; init; }

    public long Read { get; init; }

    public long Eligible { get; init; }

    public long Written { get; init; }

    /// <summary>Skipped because neither a lead owner nor a contact owner is set.</summary>
    public long SkippedNoOwner { get; init; }

    /// <summary>Skipped because the sales store already holds a newer version (an incremental change got there first).</summary>
    public long SkippedNewerInSales { get; init; }

    /// <summary>Sales-owned people this run could not copy (kept with the reason in the rejections, retried by later runs).</summary>
    public long Rejected { get; init; }

    /// <summary>Earlier rejections this run cleared at its end: their people were copied, or are no longer in the source.</summary>
    public long RejectionsCleared { get; init; }

    public DateTime StartedUtc { get; init; }

    public int PageSize { get; init; } = 10_000;

    /// <summary>The throttle: at most this many people read per minute; 0 = as fast as the source allows. Each step reads the admin's current value.</summary>
    public int MaxPeoplePerMinute { get; init; }

    /// <summary>Set while the source refuses calls (e.g. the daily API quota is spent); the sync waits until then.</summary>
    public DateTime? PausedUntilUtc { get; init; }

    public string? PauseReason { get; init; }

    /// <summary>The sync switch this run reads under (<c>StoredSyncSettings.SwitchedOnVersion</c>), from its first step.</summary>
    public int? SwitchedOnVersion { get; init; }

    /// <summary>
    /// People already read whose time at the throttle was still owed when the last execution ended in a long wait; the
    /// next execution waits that out before its first step.
    /// </summary>
    public int ThrottleOwed { get; init; }

    public SyncProgress After(SyncPageResult page)
    {
        ArgumentNullException.ThrowIfNull(page);
        if (page.PausedUntilUtc is not null)
        {
            return this with { PausedUntilUtc = page.PausedUntilUtc, PauseReason = page.PauseReason, MaxPeoplePerMinute = page.MaxPeoplePerMinute ?? MaxPeoplePerMinute, SwitchedOnVersion = SwitchedOnVersion ?? page.SwitchedOnVersion };
        }

        return this with
        {
            Cursor = page.NextCursor,
            ReadComplete = page.NextCursor is null,
            Pages = Pages + 1,
            Read = Read + page.Read,
            Eligible = Eligible + page.Eligible,
            Written = Written + page.Written,
            SkippedNoOwner = SkippedNoOwner + page.Read - page.Eligible,
            SkippedNewerInSales = SkippedNewerInSales + page.SkippedAsOlder,
            Rejected = Rejected + page.Rejected,
            PausedUntilUtc = null,
            PauseReason = null,
            MaxPeoplePerMinute = page.MaxPeoplePerMinute ?? MaxPeoplePerMinute,
            SwitchedOnVersion = SwitchedOnVersion ?? page.SwitchedOnVersion,
        };
    }
}
