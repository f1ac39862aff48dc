using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Why a run failed: the node and account batch where it stopped (null when it failed before any batch ran, and
/// written as null) and the error.
/// </summary>
public sealed record RunFailure(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? NodeId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] int? Batch,
    string Message);
