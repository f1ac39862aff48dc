namespace JourneyFunctions.Domain.Contracts;

/// <summary>Points at one published journey version.</summary>
public sealed record JourneyVersionRef(string JourneyId, int Version);
