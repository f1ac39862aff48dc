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
}
