namespace JourneyFunctions.FakeMarketo;

/// <summary>The limits the fake enforces; Marketo's by default. Tests shrink the window to stay fast.</summary>
public sealed record FakeMarketoLimits
{
    public int CallsPerWindow { get; init; } = 100;

    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(20);

    public int MaxConcurrentCalls { get; init; } = 10;

    public long DailyQuota { get; init; } = 50_000;

    public int MaxRecordsPerCall { get; init; } = 300;

    public TimeSpan TokenLifetime { get; init; } = TimeSpan.FromSeconds(3600);

    /// <summary>Activity types per Get Lead Activities call (Marketo: 10).</summary>
    public int MaxActivityTypesPerCall { get; init; } = 10;

    /// <summary>Leads per Get Lead Activities call (Marketo: 30).</summary>
    public int MaxLeadsPerActivitiesCall { get; init; } = 30;

    /// <summary>How long a paging token of the activity endpoints is taken after it was issued (then: 1003).</summary>
    public TimeSpan PagingTokenLifetime { get; init; } = TimeSpan.FromHours(1);

    /// <summary>How long each API call takes to answer, so concurrency is real.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;

    /// <summary>How long a bulk export job stays <c>Processing</c> before its file is ready.</summary>
    public TimeSpan ExportProcessingTime { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Export jobs processing at once (Marketo: 2); the others wait <c>Queued</c>.</summary>
    public int MaxProcessingExports { get; init; } = 2;

    /// <summary>Export jobs queued or processing (Marketo: 10); enqueueing one more is refused with 1029.</summary>
    public int MaxQueuedExports { get; init; } = 10;

    /// <summary>Bytes of export files a day (Marketo: 500 MB); once reached, creating or enqueueing a job is refused with 1029.</summary>
    public long ExportDailyQuotaBytes { get; init; } = 500L * 1024 * 1024;

    /// <summary>How long a finished job's file can be downloaded (Marketo: 7 days).</summary>
    public TimeSpan ExportFileRetention { get; init; } = TimeSpan.FromDays(7);
}
