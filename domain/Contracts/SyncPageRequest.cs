namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// Reads one page of the marketing people store after <paramref name="Cursor"/> (null = from the start); the copies
/// written are stamped with the full-sync run <paramref name="RunId"/> (none for a run started before runs had ids).
/// <paramref name="SwitchedOnVersion"/> is the sync switch the run has read under (null: none yet): when the admin has
/// switched the sync off and on since, the step reads nothing and says so, for the run to start over.
/// </summary>
public sealed record SyncPageRequest(string? Cursor, int PageSize, string? RunId = null, int? SwitchedOnVersion = null);
