namespace JourneyFunctions.Domain.Contracts;

/// <summary>Starts a run: the journey and the published version it is pinned to.</summary>
public sealed record JourneyRunInput(string RunId, string JourneyId, int Version, int BatchSize);
