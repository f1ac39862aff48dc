namespace JourneyFunctions.Domain.Journeys;

/// <summary>Why a run failed: the node and account batch where it stopped (null when it failed before any batch ran) and the error.</summary>
public sealed record RunFailure(string? NodeId, int? Batch, string Message);
