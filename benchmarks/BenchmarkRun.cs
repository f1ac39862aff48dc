using System.Globalization;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// What every benchmark run starts from: the storage (created if needed) and a run prefix that keeps this run's
/// accounts apart from earlier runs' on the same Azurite.
/// </summary>
internal sealed class BenchmarkRun
{
    private BenchmarkRun(StorageAccount storage, string prefix) => (Storage, Prefix) = (storage, prefix);

    public StorageAccount Storage { get; }

    public string Prefix { get; }

    /// <param name="kind">One letter naming the benchmark in the prefix.</param>
    public static async Task<BenchmarkRun> StartAsync(char kind)
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        return new BenchmarkRun(storage, kind + Guid.NewGuid().ToString("N")[..6]);
    }

    /// <summary>The id of this run's account <paramref name="i"/>.</summary>
    public string Account(int i) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{i:D6}");
}
