using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// The initial sync on the local host from the marketing table store: loads <c>people</c> sample people of whom
/// <c>owned</c> have a sales owner, runs the sync to completion, checks the sales store holds exactly the owned ones,
/// and prints people/s beside Azurite's raw batched-write rate measured in the same run. Run it on an empty Azurite:
/// the table source reads every person in the store.
/// </summary>
internal static class SyncBenchmark
{
    private const int PeoplePerAccount = 100;

    public static async Task<int> RunAsync(int people, int owned)
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        string prefix = "b" + Guid.NewGuid().ToString("N")[..6];
        int accounts = people / PeoplePerAccount;
        int withoutOwner = people - owned;

        Console.WriteLine($"Loading {people:N0} marketing people ({owned:N0} with a sales owner) ...");
        var load = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts).Chunk(20), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
            await new PeopleStore(storage).LoadAsync(chunk.SelectMany(a => Owned(a, people, withoutOwner, prefix)), ct));
        Console.WriteLine($"loaded in           {load.Elapsed.TotalSeconds:F1} s");

        double raw = await RawWriteRate.MeasureAsync(storage, 20_000);
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        (await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null)).EnsureSuccessStatusCode();
        JsonNode status;
        do
        {
            await Task.Delay(1000);
            status = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sync/status", UriKind.Relative)))!;
        }
        while (status["status"]!.GetValue<string>() is "Running" or "Pending");

        JsonNode progress = status["progress"]!;
        DateTimeOffset started = progress["startedUtc"]!.GetValue<DateTimeOffset>();
        TimeSpan elapsed = status["lastUpdatedAt"]!.GetValue<DateTimeOffset>() - started;
        int synced = await CountSalesPeopleAsync(storage, prefix);
        string hostLog = Path.Combine(Path.GetTempPath(), "journeyfunctions-sync-benchmark-host.log");
        await File.WriteAllTextAsync(hostLog, host.Output);

        Console.WriteLine();
        Console.WriteLine($"initial sync        {status["status"]} in {elapsed.TotalSeconds:F1} s ({progress["pages"]} pages of {progress["pageSize"]}; source total {progress["sourceTotal"]})");
        Console.WriteLine($"read / written      {progress["read"]:N0} / {progress["written"]:N0} (skipped: {progress["skippedNoOwner"]} without an owner, {progress["skippedNewerInSales"]} newer in sales)");
        Console.WriteLine($"people/s            {people / elapsed.TotalSeconds:N0} read, {owned / elapsed.TotalSeconds:N0} written");
        Console.WriteLine($"sales store         {synced:N0} of {owned:N0} owned people ({(synced == owned ? "exactly the eligible set" : "MISMATCH")})");
        Console.WriteLine($"azurite raw writes  {raw:N0} entities/s (100-entity batches, same run)");
        Console.WriteLine($"local host log      {hostLog}");
        return status["status"]!.GetValue<string>() == "Completed" && synced == owned ? 0 : 1;
    }

    /// <summary>Sample people of account <paramref name="account"/>, with owners set so that exactly <paramref name="withoutOwner"/> of all lack one.</summary>
    private static IEnumerable<ITableEntity> Owned(int account, int people, int withoutOwner, string prefix)
    {
        // Every k-th person overall has no owner, k chosen so the count comes out exact.
        double every = (double)people / withoutOwner;
        foreach (TableEntity person in SampleData.People(account, PeoplePerAccount, string.Create(CultureInfo.InvariantCulture, $"{prefix}-{account:D6}"), prefix + "-"))
        {
            int n = (account * PeoplePerAccount) + int.Parse(person.RowKey[^3..], CultureInfo.InvariantCulture);
            bool ownerless = (int)((n + 1) / every) > (int)(n / every);
            person[PersonFields.LeadOwner] = ownerless ? "" : "seller@example.com";
            person[PersonFields.ContactOwner] = "";
            yield return person;
        }
    }

    private static async Task<int> CountSalesPeopleAsync(StorageAccount storage, string prefix)
    {
        int count = 0;
        string filter = TableClient.CreateQueryFilter($"RowKey ge {prefix + "-"} and RowKey lt {prefix + "."} and Removed eq {false}");
        await foreach (TableEntity _ in storage.Table(TableNames.SalesPeople).QueryAsync<TableEntity>(filter, select: ["RowKey"]))
        {
            count++;
        }

        return count;
    }
}
