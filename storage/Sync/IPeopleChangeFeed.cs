using Azure.Data.Tables;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// A source's feed of changed people, for the incremental sync of a source that does not write the marketing store
/// itself (the table source emits its own changes and has none). Polled by the changes timer, which stores the people
/// and only then keeps <see cref="PeopleChanges.Cursor"/> under <see cref="CheckpointName"/>, so a crash re-reads them.
/// </summary>
public interface IPeopleChangeFeed
{
    /// <summary>The sync checkpoint the feed's cursor and pause are kept under.</summary>
    string CheckpointName { get; }

    /// <summary>Reads the changes after <paramref name="cursor"/>; the first read (null) starts at <paramref name="since"/>.</summary>
    Task<PeopleChanges> ReadAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken);
}

/// <summary>
/// Changed people in the marketing store's shape, the cursor to read on from (null when paused), each person's changed fields with their
/// old values (Marketo ID -> field -> old value), or, when the source cannot be read until a time (a spent daily
/// quota), that time and why, with nothing read.
/// </summary>
public sealed record PeopleChanges(
    IReadOnlyList<TableEntity> People,
    string? Cursor,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string?>> OldValues,
    DateTime? PausedUntilUtc = null,
    string? PauseReason = null);
