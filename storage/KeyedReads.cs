using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>Reads the rows of one partition with the given row keys, the cheapest way for how many there are.</summary>
public static class KeyedReads
{
    /// <summary>
    /// Up to this many keys are point reads side by side by default; more are one key-range query. In a large partition
    /// a few scattered keys span many rows not asked for, which the query would read and drop; a point read costs
    /// little more than a query on Azure, and on the patched Azurite both go by key.
    /// </summary>
    public const int PointReadsAtMost = 16;

    /// <summary>
    /// The rows that exist (row key -> row): point reads side by side for up to <c>pointReadsAtMost</c> keys, else one
    /// key-range query from the least to the greatest key, the rows in between that were not asked for left out. A
    /// partition whose range holds little besides the keys asked for (an account's people) takes a lower bound: one
    /// request instead of one per key.
    /// </summary>
    public static async Task<Dictionary<string, TableEntity>> GetAsync(
        TableClient table, string partition, IReadOnlyCollection<string> rowKeys, IReadOnlyList<string>? select = null, int pointReadsAtMost = PointReadsAtMost, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rowKeys);
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (rowKeys.Count <= pointReadsAtMost)
        {
            foreach (NullableResponse<TableEntity> row in await Task.WhenAll(rowKeys.Select(key => table.GetEntityIfExistsAsync<TableEntity>(partition, key, select, cancellationToken))))
            {
                if (row.HasValue)
                {
                    found[row.Value!.RowKey] = row.Value;
                }
            }

            return found;
        }

        var wanted = rowKeys.ToHashSet(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {partition} and RowKey ge {wanted.Min(StringComparer.Ordinal)} and RowKey le {wanted.Max(StringComparer.Ordinal)}");
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                found[row.RowKey] = row;
            }
        }

        return found;
    }
}
