namespace JourneyFunctions.Domain.Contracts;

/// <summary>Reads one page of the marketing people store after <paramref name="Cursor"/> (null = from the start).</summary>
public sealed record SyncPageRequest(string? Cursor, int PageSize);
