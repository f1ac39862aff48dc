using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>A run has ended (completed, or failed with <paramref name="Failure"/>).</summary>
public sealed record RunEnd(string JourneyId, string RunId, RunFailure? Failure = null);
