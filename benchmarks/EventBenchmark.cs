using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// Event-to-next-step latency on the local host: a run of <c>accounts</c> accounts (one person each) waits at a listen
/// node for a person's Title change; <c>events</c> of its accounts get one, written to the marketing store at an even
/// pace, and each latency runs from that write to the storage timestamp of the account's effect at the next node
/// (marketing store -> person-changes -> ApplyPersonChange -> journey-events -> RouteJourneyEvents -> batch
/// orchestration -> action). Also times <c>GET /api/runs/{id}</c> on that run while it is in flight.
/// </summary>
internal static class EventBenchmark
{
    public static async Task<int> RunAsync(int accounts, int events, int perSecond)
    {
        BenchmarkRun bench = await BenchmarkRun.StartAsync('e');
        StorageAccount storage = bench.Storage;
        string prefix = bench.Prefix;
        string Account(int i) => bench.Account(i);
        string Person(int i) => Account(i) + "-p";

        Console.WriteLine($"Seeding {accounts:N0} accounts x 1 person ...");
        await new AccountStore(storage).UpsertAsync(Enumerable.Range(0, accounts).Select(i => (Account(i), (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["Industry"] = "Software" })));
        var people = new PeopleStore(storage);
        await people.LoadAsync(Enumerable.Range(0, accounts).Select(i => new TableEntity(Account(i), Person(i)) { [PersonFields.Title] = "Buyer" }));

        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        JsonObject journey = JsonNode.Parse($$"""
            { "name": "event latency", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{string.Join(",", Enumerable.Range(0, accounts).Select(i => $"\"{Account(i)}\""))}}] } },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "people", "type": "personDataChange", "attribute": "Title" }, "timeout": "PT1H" },
                { "id": "heard", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Heard", "value": "yes" } },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "listen" }, { "from": "listen", "to": "heard", "path": "event" },
                         { "from": "listen", "to": "end", "path": "timeout" }, { "from": "heard", "to": "end" } ] }
            """)!.AsObject();
        using HttpResponseMessage created = (await host.Http.PostAsJsonAsync(new Uri("journeys", UriKind.Relative), journey)).EnsureSuccessStatusCode();
        string journeyId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/publish", UriKind.Relative), null)).EnsureSuccessStatusCode();
        var clock = Stopwatch.StartNew();
        using HttpResponseMessage started = (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null)).EnsureSuccessStatusCode();
        JsonNode run = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        string runId = run["runId"]!.GetValue<string>();
        var statusUrl = new Uri(run["statusUrl"]!.GetValue<string>());
        while (Count(await JourneyBenchmark.StatusAsync(host, statusUrl), "listen", "current") < accounts)
        {
            await Task.Delay(1000);
        }

        Console.WriteLine($"{accounts:N0} accounts listening after {clock.Elapsed.TotalSeconds:F1} s");
        List<double> statusTimes = await TimeStatusAsync(host, statusUrl, 20);

        // Every (accounts / events)-th account gets a Title change, at an even pace.
        var written = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        int step = Math.Max(1, accounts / events);
        var pace = Stopwatch.StartNew();
        for (int n = 0; n < events; n++)
        {
            int i = n * step % accounts;
            TimeSpan due = TimeSpan.FromSeconds((double)n / perSecond);
            if (pace.Elapsed < due)
            {
                await Task.Delay(due - pace.Elapsed);
            }

            written[Account(i)] = DateTimeOffset.UtcNow;
            await people.SetFieldsAsync(Account(i), [Person(i)], new Dictionary<string, string?> { [PersonFields.Title] = "CTO" });
        }

        List<double> statusTimesUnderEvents = await TimeStatusAsync(host, statusUrl, 20);
        var effects = storage.Table(TableNames.Effects);
        var latencies = new Dictionary<string, double>(StringComparer.Ordinal);
        var waited = Stopwatch.StartNew();
        while (latencies.Count < written.Count && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(2000);
            await foreach (TableEntity e in effects.QueryAsync<TableEntity>(EffectStore.RunFilter(runId), select: ["NodeId", "TargetId", "Timestamp"]))
            {
                if (e.GetString("NodeId") == "heard" && e.GetString("TargetId") is { } account && written.TryGetValue(account, out DateTimeOffset at) && e.Timestamp is { } stored)
                {
                    latencies[account] = (stored - at).TotalSeconds;
                }
            }
        }

        double[] sorted = [.. latencies.Values.Order()];
        double P(double q) => sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
        double[] gets = [.. statusTimes.Order()];
        double[] getsUnder = [.. statusTimesUnderEvents.Order()];
        Console.WriteLine();
        Console.WriteLine($"events               {latencies.Count:N0} of {events:N0} reached the next node ({perSecond}/s written, {accounts:N0}-account run in flight)");
        Console.WriteLine($"event -> next step   p50 {P(0.50):F2} s, p95 {P(0.95):F2} s, p99 {P(0.99):F2} s, max {(sorted.Length > 0 ? sorted[^1] : double.NaN):F2} s");
        Console.WriteLine($"GET run status       idle p50 {gets[gets.Length / 2]:F0} ms, max {gets[^1]:F0} ms; under events p50 {getsUnder[getsUnder.Length / 2]:F0} ms, max {getsUnder[^1]:F0} ms");
        Console.WriteLine("polling              local host: Durable MaxQueuePollingInterval 1 s (devhost/Hosting/DurableBackend.cs), queue triggers every 0.5 s when empty (DevHost QueuePollInterval)");
        return latencies.Count == events ? 0 : 1;
    }

    private static async Task<List<double>> TimeStatusAsync(DevHostProcess host, Uri statusUrl, int times)
    {
        var elapsed = new List<double>();
        for (int i = 0; i < times; i++)
        {
            var watch = Stopwatch.StartNew();
            (await host.Http.GetAsync(statusUrl)).EnsureSuccessStatusCode();
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
        }

        return elapsed;
    }

    private static int Count(JsonNode? status, string node, string counter) => status?["nodes"]?[node]?[counter]?.GetValue<int>() ?? 0;
}
