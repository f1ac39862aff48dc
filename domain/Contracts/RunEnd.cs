using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// A run has ended (completed, or failed with <paramref name="Failure"/>) at <paramref name="EndedAt"/>, the
/// orchestration's time, so a retried record of it writes the same end (null in inputs stored before it was added:
/// then the activity's clock).
/// </summary>
public sealed record RunEnd(string JourneyId, string RunId, RunFailure? Failure = null, DateTimeOffset? EndedAt = null);
