namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Reads one page of the marketing people store after <paramref name="Cursor"/> (null = from the start); the copies
/// written are stamped with the full-sync run <paramref name="RunId"/> (none for a run started before runs had ids).
/// </summary>
public sealed record SyncPageRequest(string? Cursor, int PageSize, string? RunId = null);
