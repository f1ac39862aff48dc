using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// Runs a journey (split by account, two people actions, an account action, a short wait, end) over
/// <c>accounts x people</c> on the local host, checks every effect is stored exactly once, and prints the rates.
/// </summary>
internal static class JourneyBenchmark
{
    /// <param name="countTraffic">Put <see cref="StorageTrafficCounter"/> between the local host and Azurite and print what the run made.</param>
    /// <param name="spread">The database holds <paramref name="accounts"/> x this many accounts, and the audience is every
    /// spread-th of them: a sparse audience, whose batches' accounts lie far apart in key order.</param>
    public static async Task<int> RunAsync(int accounts, int people, int batchSize, bool countTraffic, int spread = 1)
    {
        BenchmarkRun bench = await BenchmarkRun.StartAsync('b');
        StorageAccount storage = bench.Storage;
        string prefix = bench.Prefix;
        string Account(int i) => bench.Account(i);

        int inDatabase = accounts * spread;
        int[] members = [.. Enumerable.Range(0, accounts).Select(i => i * spread)];
        Console.WriteLine($"Seeding {inDatabase:N0} accounts x {people} people{(spread > 1 ? $", the audience every {spread}th account" : "")} ...");
        await new AccountStore(storage).UpsertAsync(Enumerable.Range(0, inDatabase).Select(i => (Account(i), SampleData.AccountAttributes(i))));
        // People are bulk-loaded straight into the marketing store: a load is not a change the sync must replay.
        await Parallel.ForEachAsync(Enumerable.Range(0, inDatabase).Chunk(50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
            await new PeopleStore(storage).LoadAsync(chunk.SelectMany(a => SampleData.People(a, people, Account(a), prefix + "-")), ct));

        double raw = await RawWriteRate.MeasureAsync(storage, 20_000);
        int software = members.Count(i => (string)SampleData.AccountAttributes(i)["Industry"]! == "Software");

        await using StorageTrafficCounter? counter = countTraffic ? await StorageTrafficCounter.StartAsync(TestStorage.ConnectionString, StorageTrafficCounter.FirstPort) : null;
        var settings = new Dictionary<string, string> { ["JourneyBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture) };
        if (counter is not null)
        {
            settings["AzureWebJobsStorage"] = counter.ConnectionString;
        }

        string taskHub = DevHostProcess.NewTaskHub();
        await using DevHostProcess host = await DevHostProcess.StartAsync(taskHub, settings);
        // An inline audience names at most 10,000 accounts (docs/journey.schema.json); a larger one is a static account list.
        string audience = $$"""{ "accounts": [{{string.Join(",", members.Select(i => $"\"{Account(i)}\""))}}] }""";
        if (accounts > 10_000)
        {
            var lists = new AccountListStore(storage);
            await lists.SaveAsync(new AccountList(prefix + "-list", "benchmark", IsStatic: true, IsLive: false));
            await lists.SetMembersAsync(prefix + "-list", members.Select(Account), isMember: true);
            audience = $$"""{ "accountList": "{{prefix}}-list" }""";
        }

        JsonObject journey = Journey(audience);
        using HttpResponseMessage created = (await host.Http.PostAsJsonAsync(new Uri("journeys", UriKind.Relative), journey)).EnsureSuccessStatusCode();
        string journeyId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/publish", UriKind.Relative), null)).EnsureSuccessStatusCode();

        StorageTraffic? before = counter?.Snapshot();
        CpuTime.Sample cpuBefore = CpuTime.Of(host);
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage started = (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null)).EnsureSuccessStatusCode();
        JsonNode run = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        string runId = run["runId"]!.GetValue<string>();
        JsonNode status = JsonNode.Parse("""{ "status": "Pending" }""")!;
        do
        {
            await Task.Delay(1000);
            status = await StatusAsync(host, new Uri(run["statusUrl"]!.GetValue<string>())) ?? status;
        }
        while (status["status"]!.GetValue<string>() is "Running" or "Pending");
        TimeSpan elapsed = clock.Elapsed;
        CpuTime.Sample cpuAfter = CpuTime.Of(host);
        StorageTraffic? traffic = before is null ? null : counter!.Snapshot().Minus(before);
        long? hostPeak = host.PeakMemoryBytes;
        string hostLog = Path.Combine(Path.GetTempPath(), "journeyfunctions-benchmark-host.log");
        await File.WriteAllTextAsync(hostLog, host.Output);

        int expectedPersonEffects = (software * people) + (accounts * people);
        int expectedEffects = expectedPersonEffects + (accounts - software);
        int stored = await new EffectStore(storage).CountRunEffectsAsync(runId);

        Console.WriteLine();
        Console.WriteLine($"journey run          {status["status"]} in {elapsed.TotalSeconds:F1} s ({accounts:N0} accounts x {people} people, batches of {batchSize})");
        Console.WriteLine($"accounts/s           {accounts / elapsed.TotalSeconds:N0}");
        Console.WriteLine($"person-effects/s     {expectedPersonEffects / elapsed.TotalSeconds:N0}");
        Console.WriteLine($"effects stored       {stored:N0} of {expectedEffects:N0} expected ({(stored == expectedEffects ? "each exactly once" : "MISMATCH")})");
        Console.WriteLine($"azurite raw writes   {raw:N0} entities/s (100-entity batches, same run)");
        Console.WriteLine($"s per 1,000 accounts {elapsed.TotalSeconds * 1000 / accounts:F2}");
        Console.WriteLine($"peak memory          local host {PeakMemory.Describe(hostPeak)}, Azurite {PeakMemory.Describe(PeakMemory.OfAzurite())}");
        Console.WriteLine($"processor time       {CpuTime.Describe(cpuBefore, cpuAfter, elapsed)}");
        Console.WriteLine($"local host log       {hostLog}");
        Console.WriteLine($"storage traffic      {(traffic is null ? "not counted (count 0)" : "the local host's requests to Azurite from the run's start to its end, through a counting proxy")}");
        if (traffic is not null)
        {
            StorageTrafficReport.Print(traffic, taskHub, accounts, elapsed, raw);
        }

        return status["status"]!.GetValue<string>() == "Completed" && stored == expectedEffects ? 0 : 1;
    }

    /// <summary>The run's status, or null when the local host is too busy to answer within the client timeout.</summary>
    internal static async Task<JsonNode?> StatusAsync(DevHostProcess host, Uri statusUrl)
    {
        try
        {
            return JsonNode.Parse(await host.Http.GetStringAsync(statusUrl));
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <param name="audience">The start node's audience object.</param>
    private static JsonObject Journey(string audience) => JsonNode.Parse($$"""
        { "name": "benchmark",
          "nodes": [
            { "id": "start", "type": "start", "audience": {{audience}} },
            { "id": "industry", "type": "splitByAccount", "otherPath": true,
              "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] } ] },
            { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "bench", "change": 5 } },
            { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "bench" } },
            { "id": "pause", "type": "wait", "duration": "PT2S" },
            { "id": "title", "type": "action", "action": "changeDataValue", "settings": { "attribute": "JobLevel", "value": "Benchmarked" } },
            { "id": "end", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "industry" },
            { "from": "industry", "to": "score", "path": "software" }, { "from": "industry", "to": "tier", "path": "other" },
            { "from": "score", "to": "pause" }, { "from": "tier", "to": "pause" },
            { "from": "pause", "to": "title" }, { "from": "title", "to": "end" } ] }
        """)!.AsObject();
}
