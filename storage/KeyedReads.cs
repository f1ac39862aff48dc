using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>Reads the rows of one partition with the given row keys, the cheapest way for how many there are.</summary>
public static class KeyedReads
{
    /// <summary>
    /// Up to this many keys are point reads side by side; more are one key-range query. On Azurite a query scans the
    /// whole table and a point read only the partition, and on Azure a few point reads cost little more than the query.
    /// </summary>
    public const int PointReadsAtMost = 16;

    /// <summary>
    /// The rows that exist (row key -> row): point reads side by side for up to <see cref="PointReadsAtMost"/> keys, else
    /// one key-range query from the least to the greatest key, the rows in between that were not asked for left out.
    /// </summary>
    public static async Task<Dictionary<string, TableEntity>> GetAsync(
        TableClient table, string partition, IReadOnlyCollection<string> rowKeys, IReadOnlyList<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rowKeys);
        var found = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (rowKeys.Count <= PointReadsAtMost)
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
