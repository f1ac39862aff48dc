using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>What Azurite alone does on this machine, the ceiling the engines are compared with.</summary>
internal static class AzuriteBaseline
{
    public static async Task<int> RunAsync()
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        Console.WriteLine($"batched writes       {await RawWriteRate.MeasureAsync(storage, 20_000):N0} entities/s (100-entity transactions)");
        foreach (int concurrency in new[] { 1, 8, 32 })
        {
            Console.WriteLine($"single writes x{concurrency,-3}    {await RawWriteRate.MeasurePointWritesAsync(storage, 2_000, concurrency):N0} requests/s");
        }

        foreach (int size in new[] { 1_000, 10_000, 50_000 })
        {
            Console.WriteLine($"partition queries    {await RawWriteRate.MeasurePartitionQueriesAsync(storage, size, 500):N0} queries/s on a {size:N0}-entity table");
        }

        (double partitionQueries, double rangeRows) = await RawWriteRate.MeasureRequestAgainstRowsAsync(storage);
        Console.WriteLine($"person rows          {partitionQueries:N0} queries/s of one 10-row partition, {rangeRows:N0} rows/s in 1,000-row range pages: a request costs about {(rangeRows / partitionQueries) - 10:N0} rows beside the 10 it returns");
        return 0;
    }
}
