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
}
