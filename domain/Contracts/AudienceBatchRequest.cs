namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Names one stored batch of a run's audience; with <paramref name="JourneyId"/>, loading it first checks that the
/// journey was not aborted meanwhile.
/// </summary>
public sealed record AudienceBatchRequest(string RunId, int Batch, string? JourneyId = null);
