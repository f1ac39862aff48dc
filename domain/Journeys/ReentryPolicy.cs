using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Re-entry: when enabled, an account may enter again after <see cref="WaitPeriod"/>, at most <see cref="MaxEntries"/>
/// times in all. <see cref="Enabled"/> must be written (the schema requires it): an object without it says nothing.
/// </summary>
public sealed record ReentryPolicy([property: JsonRequired] bool Enabled, string? WaitPeriod = null, int? MaxEntries = null);
