using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>
/// Reads the rows of several whole partitions of one table (one row filter for all), with as few requests as their
/// place in key order allows and never much more than they hold.
/// </summary>
public static class PartitionReads
{
    /// <summary>Rows in the first page of the key-range read: enough to tell whether the partitions lie together.</summary>
    public const int FirstPageRows = 100;

    /// <summary>Rows in each later page of the key-range read (the service's largest page).</summary>
    public const int RangePageRows = 1000;

    /// <summary>Partition queries side by side once the range read is left.</summary>
    public const int Concurrency = 16;

    /// <summary>
    /// The rows of <paramref name="partitions"/> that pass <paramref name="rowFilter"/> (a filter made with
    /// <see cref="TableClient.CreateQueryFilter(System.FormattableString)"/>), in key order within each partition.
    /// First one key-range query from the least partition key to the greatest: one request when the partitions lie
    /// close together (two when they hold more than a first page). The range also holds every partition in between,
    /// and a few partitions among many (an account list in a large database, one path of a split) would read all the
    /// others' rows too. So once a page of the range holds more rows of partitions not asked for than of those asked
    /// for, the range is left, and the partitions it has not reached are read with one partition query each. The first
    /// page is small, so a sparse read costs about <see cref="FirstPageRows"/> rows not asked for, however many lie
    /// between, and a dense one at most a page of them. Leaving at half is on the safe side: a request costs Azurite and
    /// the client about what 20-30 rows do beside those it returns (<c>scripts/benchmark.sh azurite</c>), so for
    /// partitions of ten rows the range costs no more than their partition queries down to about a quarter of its rows
    /// asked for; leaving only below a tenth did not make the journey benchmark, whose split paths are a fifth and four
    /// fifths of a batch, any faster (docs/benchmarks.md).
    /// </summary>
    public static async Task<List<TableEntity>> GetAsync(
        TableClient table, IReadOnlyCollection<string> partitions, string rowFilter, IReadOnlyList<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(partitions);
        List<string> sorted = [.. partitions.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var rows = new List<TableEntity>();
        if (sorted.Count == 0)
        {
            return rows;
        }

        var wanted = sorted.ToHashSet(StringComparer.Ordinal);
        string range = $"{TableClient.CreateQueryFilter($"PartitionKey ge {sorted[0]} and PartitionKey le {sorted[^1]}")} and ({rowFilter})";
        string? continuation = null;
        for (int pageRows = FirstPageRows; ; pageRows = RangePageRows)
        {
            Page<TableEntity> page = await FirstPageAsync(table.QueryAsync<TableEntity>(range, pageRows, select, cancellationToken).AsPages(continuation, pageRows));
            int asked = 0;
            foreach (TableEntity row in page.Values.Where(r => wanted.Contains(r.PartitionKey)))
            {
                rows.Add(row);
                asked++;
            }

            continuation = page.ContinuationToken;
            if (continuation is null)
            {
                break;
            }

            if (page.Values.Count - asked > asked)
            {
                // The page's last partition may go on in the next page: it is read again whole with the rest.
                string reached = page.Values[^1].PartitionKey;
                rows.RemoveAll(r => string.CompareOrdinal(r.PartitionKey, reached) >= 0);
                rows.AddRange(await GetEachAsync(table, [.. sorted.Where(p => string.CompareOrdinal(p, reached) >= 0)], rowFilter, select, cancellationToken));
                break;
            }
        }

        return rows;
    }

    /// <summary>The first page of a query (a query always answers with one, if empty).</summary>
    private static async Task<Page<TableEntity>> FirstPageAsync(IAsyncEnumerable<Page<TableEntity>> pages)
    {
        await foreach (Page<TableEntity> page in pages)
        {
            return page;
        }

        throw new InvalidOperationException("The table query answered with no page.");
    }

    private static async Task<IEnumerable<TableEntity>> GetEachAsync(
        TableClient table, string[] partitions, string rowFilter, IReadOnlyList<string>? select, CancellationToken cancellationToken)
    {
        var found = new List<TableEntity>[partitions.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, partitions.Length),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (i, ct) =>
            {
                found[i] = [];
                string filter = $"{TableClient.CreateQueryFilter($"PartitionKey eq {partitions[i]}")} and ({rowFilter})";
                await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: ct))
                {
                    found[i].Add(row);
                }
            });
        return found.SelectMany(rows => rows);
    }
}
