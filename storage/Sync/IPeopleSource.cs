using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// Where the initial sync reads marketing people from: the marketing table store (the local default) or the
/// Marketo REST API. People come back in the marketing store's shape (row key = Marketo ID, properties named as in
/// <see cref="Domain.People.PersonFields"/>, <see cref="Domain.People.PersonFields.ChangeVersion"/> set) so one mapping serves both.
/// </summary>
public interface IPeopleSource
{
    /// <summary>How many people the source holds, when it can say so cheaply; null otherwise.</summary>
    Task<long?> CountAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Reads the next people after <paramref name="cursor"/> (null = from the start): up to <paramref name="pageSize"/>,
    /// or that many from each of several streams a source reads side by side.
    /// </summary>
    Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken);
}
