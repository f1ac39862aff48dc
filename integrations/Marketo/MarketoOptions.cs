namespace JourneyFunctions.Marketo;

/// <summary>
/// Where the Marketo instance is, its credentials, and this integration's share of the instance's API limits
/// (the limits are shared with every other integration on the instance, so set the share, not the whole).
/// </summary>
public sealed record MarketoOptions
{
    /// <summary>The instance's REST base, e.g. <c>https://123-ABC-456.mktorest.com</c>; a path of its own (a gateway's prefix) is kept.</summary>
    public required Uri BaseUrl { get; init; }

    public required string ClientId { get; init; }

    public required string ClientSecret { get; init; }

    /// <summary>The static list of sales-owned leads the initial sync pages through.</summary>
    public long StaticListId { get; init; }

    /// <summary>
    /// Set: the initial sync reads every lead by Bulk Lead Extract, in <c>updatedAt</c> windows of at most 31 days from
    /// this moment to the sync's start (so it must be no later than the oldest lead's last update); null: it pages
    /// <see cref="StaticListId"/>.
    /// </summary>
    public DateTimeOffset? BulkExtractSince { get; init; }

    /// <summary>The first wait before an export job's status is read again; each further wait doubles, up to <see cref="ExportMaxPollDelay"/>.</summary>
    public TimeSpan ExportPollDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest wait between status reads, and the wait before enqueueing again when Marketo's export queue is full.</summary>
    public TimeSpan ExportMaxPollDelay { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Calls allowed per <see cref="RateWindow"/> (Marketo: 100 per 20 s).</summary>
    public int CallsPerWindow { get; init; } = 100;

    public TimeSpan RateWindow { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Calls in flight at once (Marketo: 10).</summary>
    public int MaxConcurrentCalls { get; init; } = 10;

    /// <summary>
    /// How long a call that got no answer (the HTTP timeout, a reset connection) still counts as in flight: Marketo may
    /// be running it, and a call started in its place would be one too many for Marketo's concurrency limit.
    /// </summary>
    public TimeSpan UnansweredCallHold { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Calls this integration may make per day (Marketo's default subscription quota is 50,000, shared).</summary>
    public long DailyQuota { get; init; } = 50_000;

    /// <summary>Records per call (Marketo: 300).</summary>
    public int MaxRecordsPerCall { get; init; } = 300;

    /// <summary>The first retry's wait; each further retry doubles it up to <see cref="MaxRetryDelay"/>.</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxRetryDelay { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Attempts per call before a transient error is given up to the caller (whose own retry takes over).</summary>
    public int MaxAttempts { get; init; } = 8;

    /// <summary>
    /// The instance's custom activity type id for each native sales activity type (by its API name, e.g.
    /// <c>sendSalesEmail</c>); sales activities go to Marketo when this is set.
    /// </summary>
    public IReadOnlyDictionary<string, int> ActivityTypeIds { get; init; } = new Dictionary<string, int>();

    /// <summary>Marketo resets the daily quota at midnight US Central time.</summary>
    public string QuotaResetTimeZone { get; init; } = "America/Chicago";
}
