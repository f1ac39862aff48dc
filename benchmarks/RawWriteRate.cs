using System.Diagnostics;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Benchmarks;

/// <summary>Azurite's own ceiling on this machine: entities per second written in 100-entity batch transactions.</summary>
internal static class RawWriteRate
{
    public static async Task<double> MeasureAsync(StorageAccount storage, int entities)
    {
        TableClient table = storage.Table("BenchRaw" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var rows = Enumerable.Range(0, entities)
            .Select(i => (ITableEntity)new TableEntity($"p{i % 50:D2}", i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture)) { ["Value"] = i, ["Text"] = "raw write" })
            .ToList();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(rows.GroupBy(r => r.PartitionKey), new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (partition, ct) => await BatchWriter.UpsertAsync(table, partition, ct));
        double rate = entities / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }

    /// <summary>Azurite's rate for single-entity upserts (one request each) at <paramref name="concurrency"/>.</summary>
    public static async Task<double> MeasurePointWritesAsync(StorageAccount storage, int entities, int concurrency)
    {
        TableClient table = storage.Table("BenchPoint" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, entities), new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (i, ct) =>
            await table.UpsertEntityAsync(new TableEntity($"p{i:D6}", "row") { ["Value"] = i }, TableUpdateMode.Replace, ct));
        double rate = entities / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }

    /// <summary>Partition queries per second (each returning 10 entities) on a table of <paramref name="tableSize"/> entities.</summary>
    public static async Task<double> MeasurePartitionQueriesAsync(StorageAccount storage, int tableSize, int queries)
    {
        TableClient table = storage.Table("BenchQuery" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, tableSize).Select(i => (ITableEntity)new TableEntity($"p{i / 10:D6}", $"r{i % 10}")).GroupBy(e => e.PartitionKey).Chunk(100),
            new ParallelOptions { MaxDegreeOfParallelism = 8 },
            async (partitions, ct) =>
            {
                foreach (IGrouping<string, ITableEntity> partition in partitions)
                {
                    await BatchWriter.UpsertAsync(table, partition, ct);
                }
            });
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, queries), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            string partition = $"p{i * 7919 % (tableSize / 10):D6}";
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition}"), cancellationToken: ct))
            {
            }
        });
        double rate = queries / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return rate;
    }

    /// <summary>
    /// What a query request costs beside the rows it returns, on person-like rows (ten text fields, ten rows per
    /// partition, 20,000 rows): partition queries per second (ten rows each), and rows per second read in range pages
    /// of 1,000. <c>PartitionReads</c> weighs one against the other.
    /// </summary>
    public static async Task<(double PartitionQueries, double RangeRows)> MeasureRequestAgainstRowsAsync(StorageAccount storage)
    {
        const int partitions = 2_000;
        TableClient table = storage.Table("BenchRows" + Guid.NewGuid().ToString("N")[..8]);
        await table.CreateIfNotExistsAsync();
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (p, ct) =>
            await BatchWriter.UpsertAsync(table, Enumerable.Range(0, 10).Select(r => (ITableEntity)PersonLike($"a{p:D6}", $"{p * 10 + r:D8}")), ct));

        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, partitions / 2), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, ct) =>
        {
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {$"a{i * 7919 % partitions:D6}"}"), cancellationToken: ct))
            {
            }
        });
        double queries = partitions / 2 / clock.Elapsed.TotalSeconds;

        // Eight ranges side by side, as the people tables are read, each a tenth of the table in pages of 1,000.
        clock.Restart();
        long rows = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, 8), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (range, ct) =>
        {
            int first = range * partitions / 10;
            string filter = TableClient.CreateQueryFilter($"PartitionKey ge {$"a{first:D6}"} and PartitionKey lt {$"a{first + (partitions / 10):D6}"}");
            await foreach (TableEntity _ in table.QueryAsync<TableEntity>(filter, maxPerPage: 1_000, cancellationToken: ct))
            {
                Interlocked.Increment(ref rows);
            }
        });
        double rangeRows = rows / clock.Elapsed.TotalSeconds;
        await table.DeleteAsync();
        return (queries, rangeRows);

        static TableEntity PersonLike(string account, string id)
        {
            var row = new TableEntity(account, id);
            foreach (string field in new[] { "FirstName", "LastName", "Email", "Title", "JobLevel", "Phone", "City", "Country", "Industry", "LeadSource" })
            {
                row[field] = $"{field} of {id}";
            }

            return row;
        }
    }
}
