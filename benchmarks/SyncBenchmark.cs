using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// The initial sync on the local host from the marketing table store: loads <c>people</c> sample people of whom
/// <c>owned</c> have a sales owner, runs the sync to completion, checks the sales store holds exactly the owned ones,
/// and prints people/s beside Azurite's raw batched-write rate measured in the same run. Run it on an empty Azurite:
/// the table source reads every person in the store. With <c>kill</c>, the local host is SIGKILLed when half the
/// people are read and started again on the same task hub; the steps the hosts ran (their log lines) against the
/// steps the run needed show how much was read again. With <c>changes</c>, that many owned people then change their
/// title at once through the marketing store (its change messages), and the incremental sync's time to apply them all
/// and each change's lag (write to sales copy, by the copy's server timestamp) are printed. With <c>count</c>, the local
/// host reaches Azurite through <see cref="StorageTrafficCounter"/>, and the storage requests of the initial sync (per
/// owned person) and of the change phase (per change) are printed by table and kind.
/// </summary>
internal static partial class SyncBenchmark
{
    private const int PeoplePerAccount = 100;

    public static async Task<int> RunAsync(int people, int owned, int changes, bool kill, bool count)
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
        string taskHub = DevHostProcess.NewTaskHub();
        // A killed host's in-flight Durable messages come back after this (5 min by default), and that wait is not the sync's.
        var hostSettings = new Dictionary<string, string> { ["DevHost__DurableMessageVisibility"] = "00:00:30" };
        await using StorageTrafficCounter? counter = count ? await StorageTrafficCounter.StartAsync(TestStorage.ConnectionString, StorageTrafficCounter.FirstPort) : null;
        if (counter is not null)
        {
            hostSettings["AzureWebJobsStorage"] = counter.ConnectionString;
        }

        StorageTraffic? before = counter?.Snapshot();
        DevHostProcess host = await DevHostProcess.StartAsync(taskHub, hostSettings);
        string killedHostOutput = "";
        (await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null)).EnsureSuccessStatusCode();
        JsonNode status;
        do
        {
            await Task.Delay(1000);
            try
            {
                status = JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sync/status", UriKind.Relative)))!;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
            {
                // A host just restarted on a busy Azurite may answer late: ask again.
                Console.WriteLine($"sync/status did not answer ({e.GetType().Name}); asking again");
                status = JsonNode.Parse("""{ "status": "Running" }""")!;
            }

            if (kill && killedHostOutput.Length == 0 && status["progress"]?["read"]?.GetValue<long>() >= people / 2)
            {
                host.Kill();
                killedHostOutput = host.Output;
                await host.DisposeAsync();
                Console.WriteLine($"SIGKILLed the local host at {status["progress"]!["read"]:N0} read; starting it again");
                host = await DevHostProcess.StartAsync(taskHub, hostSettings);
            }
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
        if (kill)
        {
            int ran = Steps(killedHostOutput) + Steps(host.Output);
            int needed = progress["pages"]!.GetValue<int>();
            Console.WriteLine($"steps run           {ran} for the {needed} the run needed ({ran - needed} read again after the SIGKILL)");
        }

        Console.WriteLine($"local host log      {hostLog}");
        if (counter is not null)
        {
            StorageTraffic initial = counter.Snapshot().Minus(before!);
            Console.WriteLine($"storage traffic     of the initial sync (host start to completion), per owned person:");
            StorageTrafficReport.PrintPer(initial, taskHub, owned, "owned person");
        }

        StorageTraffic? beforeChanges = counter?.Snapshot();
        bool changesApplied = changes == 0 || await MeasureChangesAsync(storage, host, people, withoutOwner, prefix, changes);
        if (counter is not null && changes > 0)
        {
            Console.WriteLine($"storage traffic     of the change phase (first write to the last copy seen; the benchmark's own writes and looks are not counted), per change:");
            StorageTrafficReport.PrintPer(counter.Snapshot().Minus(beforeChanges!), taskHub, changes, "change");
        }

        await File.WriteAllTextAsync(hostLog, host.Output);
        await host.DisposeAsync();
        return status["status"]!.GetValue<string>() == "Completed" && synced == owned && changesApplied ? 0 : 1;
    }

    /// <summary>Initial-sync steps a host ran, by its log line (<c>SyncInitialPageActivity</c>).</summary>
    private static int Steps(string hostOutput) =>
        hostOutput.Split('\n').Count(line => line.Contains("Initial sync step of run", StringComparison.Ordinal));

    /// <summary>
    /// Changes the title of <paramref name="changes"/> owned people at once (10 a account, accounts spread over the
    /// store) and waits until every sales copy has it.
    /// </summary>
    private static async Task<bool> MeasureChangesAsync(StorageAccount storage, DevHostProcess host, int people, int withoutOwner, string prefix, int changes)
    {
        int accounts = people / PeoplePerAccount;
        const int perAccount = 10;
        int used = Math.Min(accounts, (changes + perAccount - 1) / perAccount);
        List<(string Account, List<string> Ids)> targets = Enumerable.Range(0, used)
            .Select(i => i * accounts / used)
            .SelectMany(a => Owned(a, people, withoutOwner, prefix).Cast<TableEntity>()
                .Where(p => p.GetString(PersonFields.LeadOwner) is { Length: > 0 }).Take(perAccount)
                .Select(p => (Account: p.PartitionKey, Id: p.RowKey)))
            .Take(changes)
            .GroupBy(p => p.Account, StringComparer.Ordinal)
            .Select(g => (g.Key, g.Select(p => p.Id).ToList()))
            .ToList();
        int total = targets.Sum(t => t.Ids.Count);
        string title = "Changed " + Guid.NewGuid().ToString("N")[..8];
        var written = new System.Collections.Concurrent.ConcurrentDictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var store = new PeopleStore(storage);
        Console.WriteLine();
        Console.WriteLine($"Changing the title of {total:N0} owned people at once ...");
        CpuTime.Sample cpuBefore = CpuTime.Of(host);
        var clock = Stopwatch.StartNew();
        DateTimeOffset emitStart = DateTimeOffset.UtcNow;
        await Parallel.ForEachAsync(targets, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (target, ct) =>
        {
            DateTimeOffset at = DateTimeOffset.UtcNow;
            await store.SetFieldsAsync(target.Account, target.Ids, new Dictionary<string, string?> { [PersonFields.Title] = title }, ct);
            target.Ids.ForEach(id => written[id] = at);
        });
        TimeSpan emitted = clock.Elapsed;

        var applied = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"RowKey ge {prefix + "-"} and RowKey lt {prefix + "."} and Title eq {title}");
        TimeSpan lastLook = TimeSpan.Zero;
        while (applied.Count < written.Count && clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            // A look scans the whole sales table on Azurite, a load of its own that would slow what it measures: the
            // table is read when the host's log lines count every change written (or every 10 s). The times come from
            // the rows' server timestamps, not from when they were seen.
            await Task.Delay(250);
            if (WrittenByHost(host.Output) < written.Count && clock.Elapsed - lastLook < TimeSpan.FromSeconds(10))
            {
                continue;
            }

            lastLook = clock.Elapsed;
            foreach (string table in TableNames.SalesPeople)
            {
                await foreach (TableEntity copy in storage.Table(table).QueryAsync<TableEntity>(filter, select: ["RowKey", "Timestamp"]))
                {
                    applied.TryAdd(copy.RowKey, copy.Timestamp!.Value);
                }
            }
        }

        TimeSpan phase = clock.Elapsed;
        CpuTime.Sample cpuAfter = CpuTime.Of(host);
        List<double> lags = [.. applied.Select(a => (a.Value - written[a.Key]).TotalSeconds).Order()];
        double Percentile(double p) => lags.Count == 0 ? double.NaN : lags[Math.Min(lags.Count - 1, (int)Math.Ceiling(p * lags.Count) - 1)];
        double allApplied = applied.Count == 0 ? double.NaN : (applied.Values.Max() - emitStart).TotalSeconds;
        Console.WriteLine($"changes written     {written.Count:N0} in {emitted.TotalSeconds:F1} s (marketing store and its change messages)");
        Console.WriteLine($"changes applied     {applied.Count:N0} of {written.Count:N0}, the last {allApplied:F1} s after the first write");
        Console.WriteLine($"change lag          p50 {Percentile(0.50):F2} s, p95 {Percentile(0.95):F2} s, p99 {Percentile(0.99):F2} s, max {Percentile(1):F2} s (write to sales copy)");
        Console.WriteLine($"processor time      {CpuTime.Describe(cpuBefore, cpuAfter, phase)} (from the first write until the benchmark saw the last copy; its own writes and looks at Azurite included)");
        return applied.Count == written.Count;
    }

    /// <summary>Sales copies the host's change handler says it wrote (its log line per message, <c>PersonChangeQueueHandler</c>).</summary>
    private static int WrittenByHost(string hostOutput) =>
        WrittenLine().Matches(hostOutput).Sum(m => int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture));

    [System.Text.RegularExpressions.GeneratedRegex(@"people: (\d+) written")]
    private static partial System.Text.RegularExpressions.Regex WrittenLine();

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

    /// <summary>
    /// The run's live sales copies, bucket by bucket, a few side by side: one query of the whole table would be filtered
    /// and sorted whole by Azurite for every page of 1,000 (a million-person copy would not answer).
    /// </summary>
    private static async Task<int> CountSalesPeopleAsync(StorageAccount storage, string prefix)
    {
        var sales = new ShardedTable(storage, TableNames.SalesPeople, SalesBuckets.IndexOf);
        int count = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, SalesBuckets.Count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (bucket, ct) =>
        {
            string partition = SalesBuckets.Key(bucket);
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix + "-"} and RowKey lt {prefix + "."} and Removed eq {false}");
            await foreach (Page<TableEntity> page in sales.For(partition).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: ct).AsPages())
            {
                Interlocked.Add(ref count, page.Values.Count);
            }
        });
        return count;
    }
}
