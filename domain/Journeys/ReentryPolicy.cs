namespace JourneyFunctions.Domain.Journeys;

/// <summary>Re-entry: when enabled, an account may enter again after <see cref="WaitPeriod"/>, at most <see cref="MaxEntries"/> times in all.</summary>
public sealed record ReentryPolicy(bool Enabled, string? WaitPeriod = null, int? MaxEntries = null);
