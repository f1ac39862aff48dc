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

    /// <summary>How long each API call takes to answer, so concurrency is real.</summary>
    public TimeSpan Latency { get; init; } = TimeSpan.Zero;
}
