namespace JourneyFunctions.Domain.Contracts;

/// <summary>Asks for a run's audience to be resolved and stored in batches.</summary>
public sealed record AudienceSnapshotRequest(string RunId, string JourneyId, int Version, int BatchSize, IReadOnlyList<string>? Accounts = null);
