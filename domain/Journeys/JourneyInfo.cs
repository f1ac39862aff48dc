using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// What the API shows of a journey: its status, live version and current draft. <paramref name="ETag"/> is the
/// stored head's version (not shown): a change decided on this read is written only if nobody changed it since.
/// </summary>
public sealed record JourneyInfo(string Id, string Name, JourneyStatus Status, int? LiveVersion, int LatestVersion, JourneyDefinition? Draft, [property: JsonIgnore] string? ETag = null);
