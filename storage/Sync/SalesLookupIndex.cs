using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The shape of the sales copy's lookup indexes (by email, by Salesforce id): PK = the looked-up value's bucket (as
/// the copies' own, <c>b000</c>..<c>b127</c>), RK = <c>{hash of the value}-{Marketo ID}</c>, so the people with one value
/// are one key-range query in one partition. The value itself never becomes a key (it is outside text); its hash does.
/// Entries are hints: added with every written copy and never removed, so a lookup reads each candidate's copy to confirm it.
/// </summary>
public static class SalesLookupIndex
{
    /// <summary>Hex characters of the value's hash in the row key: 128 bits, no two values share one in practice.</summary>
    private const int HashLength = 32;

    /// <summary>Adds an entry for every (value, Marketo ID) pair; repeated pairs are written once.</summary>
    public static Task AddAsync(ShardedTable index, IEnumerable<(string Value, string MarketoId)> pairs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        IEnumerable<ITableEntity> entries = pairs
            .Select(p => Entry(p.Value, p.MarketoId))
            .DistinctBy(e => (e.PartitionKey, e.RowKey));
        return BatchWriter.InsertOrReplaceAsync(index, entries, cancellationToken);
    }

    /// <summary>The Marketo IDs the index holds for <paramref name="value"/>, confirmed or not.</summary>
    public static async Task<List<string>> CandidatesAsync(ShardedTable index, string value, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(index);
        (string partition, string prefix) = KeysOf(value);
        // '.' is the character after '-': every row key that starts with the prefix sorts between the two.
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {prefix + "-"} and RowKey lt {prefix + "."}");
        var ids = new List<string>();
        await foreach (TableEntity entry in index.For(partition).QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            ids.Add(entry.RowKey[(prefix.Length + 1)..]);
        }

        return ids;
    }

    private static TableEntity Entry(string value, string marketoId)
    {
        (string partition, string prefix) = KeysOf(value);
        return new TableEntity(partition, $"{prefix}-{marketoId}");
    }

    private static (string Partition, string Prefix) KeysOf(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return (SalesBuckets.Key(StableId.Bucket(value, SalesBuckets.Count)), StableId.Of(value, HashLength));
    }
}
