namespace JourneyFunctions.Domain.Contracts;

/// <summary>What one page of the initial sync did; <see cref="NextCursor"/> is null after the last page.</summary>
public sealed record SyncPageResult(string? NextCursor, int Read, int Eligible, int Written);
