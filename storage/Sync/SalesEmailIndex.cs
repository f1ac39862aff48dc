using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The sales copy's index by email (table <c>SalesPeopleByEmail</c>), in the shape of <see cref="SalesLookupIndex"/>:
/// the people with one email are one key-range query, and each candidate's copy is read to confirm it.
/// </summary>
public static class SalesEmailIndex
{
    /// <summary>Adds an entry for every live copy among <paramref name="rows"/> that has an email, under <see cref="Key"/>.</summary>
    public static Task AddAsync(ShardedTable index, IEnumerable<TableEntity> rows, CancellationToken cancellationToken) =>
        SalesLookupIndex.AddAsync(
            index,
            rows.Where(r => !SalesPerson.IsRemoved(r)).Select(r => (Email: Key(r.GetString(PersonFields.Email)), r.RowKey)).Where(e => e.Email.Length > 0),
            cancellationToken);

    /// <summary>
    /// What an email is looked up by: the address without spaces around it (marketing data can carry them, and a
    /// lookup's own are dropped too), case kept. Empty for none.
    /// </summary>
    public static string Key(string? email) => email?.Trim() ?? "";

    /// <summary>The Marketo IDs the index holds for <paramref name="email"/>, confirmed or not.</summary>
    public static Task<List<string>> CandidatesAsync(ShardedTable index, string email, CancellationToken cancellationToken) =>
        SalesLookupIndex.CandidatesAsync(index, email, cancellationToken);
}
