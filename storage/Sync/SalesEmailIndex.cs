using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The sales copy's index by email (table <c>SalesPeopleByEmail</c>): PK = the email's bucket (as the copies' own,
/// <c>b000</c>..<c>b127</c>), RK = <c>{hash of the email}-{Marketo ID}</c>, so the people with one email are one key-range
/// query in one partition. The email itself never becomes a key (it is user text); its hash does. Entries are hints:
/// they are added with every written copy and never removed, and a lookup reads each candidate's copy to confirm it.
/// </summary>
public static class SalesEmailIndex
{
    /// <summary>Hex characters of the email's hash in the row key: 128 bits, no two emails share one in practice.</summary>
    private const int HashLength = 32;

    /// <summary>Adds an entry for every live copy among <paramref name="rows"/> that has an email.</summary>
    public static Task AddAsync(TableClient index, IEnumerable<TableEntity> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        IEnumerable<ITableEntity> entries = rows
            .Where(r => !SalesPerson.IsRemoved(r) && !string.IsNullOrEmpty(r.GetString(PersonFields.Email)))
            .Select(r => Entry(r.GetString(PersonFields.Email)!, r.RowKey))
            .DistinctBy(e => (e.PartitionKey, e.RowKey));
        return BatchWriter.InsertOrReplaceAsync(index, entries, cancellationToken);
    }

    /// <summary>The Marketo IDs the index holds for <paramref name="email"/>, confirmed or not.</summary>
    public static async Task<List<string>> CandidatesAsync(TableClient index, string email, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        (string partition, string prefix) = KeysOf(email);
        // '.' is the character after '-': every row key that starts with the prefix sorts between the two.
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix + "-"} and RowKey lt {prefix + "."}");
        var ids = new List<string>();
        await foreach (TableEntity entry in index.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(entry.RowKey[(prefix.Length + 1)..]);
        }

        return ids;
    }

    private static TableEntity Entry(string email, string marketoId)
    {
        (string partition, string prefix) = KeysOf(email);
        return new TableEntity(partition, $"{prefix}-{marketoId}");
    }

    private static (string Partition, string Prefix) KeysOf(string email)
    {
        ArgumentNullException.ThrowIfNull(email);
        return (SalesBuckets.Key(StableId.Bucket(email, SalesBuckets.Count)), StableId.Of(email, HashLength));
    }
}
