namespace JourneyFunctions.Domain.Contracts;

/// <summary>Names one stored batch of a run's audience.</summary>
public sealed record AudienceBatchRequest(string RunId, int Batch);
