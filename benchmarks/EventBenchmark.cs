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
/// (marketing store -> person-changes -> ApplyPersonChange, which routes the events -> batch orchestration -> action),
/// split by stage from the batch orchestrations' history, with the slowest events' stages. Also times <c>GET /api/runs/{id}</c> on that run while it is in flight.
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

        string taskHub = DevHostProcess.NewTaskHub();
        await using DevHostProcess host = await DevHostProcess.StartAsync(taskHub);
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
        List<double> statusTimes = await TimeStatusAsync(host, statusUrl, 20, TimeSpan.Zero, CancellationToken.None);

        // Every (accounts / events)-th account gets a Title change, at an even pace, while the run status is read
        // twice a second (a page showing the run).
        using var writing = new CancellationTokenSource();
        Task<List<double>> statusUnderEvents = TimeStatusAsync(host, statusUrl, int.MaxValue, TimeSpan.FromMilliseconds(500), writing.Token);
        var written = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var writeTook = new Dictionary<string, double>(StringComparer.Ordinal);
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
            var write = Stopwatch.StartNew();
            await people.SetFieldsAsync(Account(i), [Person(i)], new Dictionary<string, string?> { [PersonFields.Title] = "CTO" });
            writeTook[Account(i)] = write.Elapsed.TotalSeconds;
        }

        await writing.CancelAsync();
        List<double> statusTimesUnderEvents = await statusUnderEvents;
        var effects = new EffectStore(storage);
        var latencies = new Dictionary<string, double>(StringComparer.Ordinal);
        var effectsAt = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        var waited = Stopwatch.StartNew();
        while (latencies.Count < written.Count && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(2000);
            foreach ((Effect e, DateTimeOffset? journaledAt) in await effects.GetRunJournalAsync(runId))
            {
                if (e.NodeId == "heard" && written.TryGetValue(e.TargetId, out DateTimeOffset at) && journaledAt is { } stored)
                {
                    latencies[e.TargetId] = (stored - at).TotalSeconds;
                    effectsAt[e.TargetId] = stored;
                }
            }
        }

        double[] sorted = [.. latencies.Values.Order()];
        double P(double q) => Percentile(sorted, q);
        Dictionary<string, Stages> stages = await BreakdownAsync(storage, taskHub, written, effectsAt);
        IEnumerable<double> toRaise = stages.Values.Select(s => s.ToRaise), toStep = stages.Values.Select(s => s.ToStep), toEffect = stages.Values.Select(s => s.ToEffect);
        double[] gets = [.. statusTimes.Order()];
        double[] getsUnder = [.. statusTimesUnderEvents.Order()];
        Console.WriteLine();
        Console.WriteLine($"events               {latencies.Count:N0} of {events:N0} reached the next node ({perSecond}/s written, {accounts:N0}-account run in flight)");
        Console.WriteLine($"event -> next step   p50 {P(0.50):F2} s, p95 {P(0.95):F2} s, p99 {P(0.99):F2} s, max {(sorted.Length > 0 ? sorted[^1] : double.NaN):F2} s");
        Console.WriteLine($"  write -> raised    p50 {Percentile(toRaise, 0.5):F2} s, p99 {Percentile(toRaise, 0.99):F2} s (the write, the change feed, the router, RaiseEvent)");
        Console.WriteLine($"  raised -> taken    p50 {Percentile(toStep, 0.5):F2} s, p99 {Percentile(toStep, 0.99):F2} s (control queue, replay, the step's checkpoint; {stages.Count} events found in the history)");
        Console.WriteLine($"  taken -> effect    p50 {Percentile(toEffect, 0.5):F2} s, p99 {Percentile(toEffect, 0.99):F2} s (work-item queue, the action's activity)");
        Console.WriteLine($"  write itself       p50 {Percentile(writeTook.Values, 0.5):F2} s, p99 {Percentile(writeTook.Values, 0.99):F2} s (the marketing store write and its change message, inside write -> raised)");
        DateTimeOffset first = written.Values.Min();
        Console.WriteLine($"slowest events       written at (s after the first write, {first:HH:mm:ss.ff} UTC) / write itself / write -> raised / raised -> taken / taken -> effect = total");
        foreach ((string account, double latency) in latencies.OrderByDescending(l => l.Value).Take(12))
        {
            Stages? s = stages.GetValueOrDefault(account);
            Console.WriteLine($"  {(written[account] - first).TotalSeconds,6:F2} / {writeTook[account]:F2} / {s?.ToRaise:F2} / {s?.ToStep:F2} / {s?.ToEffect:F2} = {latency:F2} s");
        }

        Console.WriteLine($"GET run status       idle p50 {gets[gets.Length / 2]:F0} ms, p99 {Percentile(gets, 0.99):F0} ms; while events flow ({getsUnder.Length} GETs) p50 {getsUnder[getsUnder.Length / 2]:F0} ms, p99 {Percentile(getsUnder, 0.99):F0} ms, max {getsUnder[^1]:F0} ms");
        Console.WriteLine($"polling              host.json durableTask.storageProvider.maxQueuePollingInterval {DurablePolling()}; queue triggers of the local host every {Environment.GetEnvironmentVariable("DevHost__QueuePollInterval") ?? "00:00:00.5 (default)"} when empty (DevHost__QueuePollInterval)");
        return latencies.Count == events ? 0 : 1;
    }

    private static async Task<List<double>> TimeStatusAsync(DevHostProcess host, Uri statusUrl, int times, TimeSpan pause, CancellationToken stop)
    {
        var elapsed = new List<double>();
        for (int i = 0; i < times && !stop.IsCancellationRequested; i++)
        {
            var watch = Stopwatch.StartNew();
            (await host.Http.GetAsync(statusUrl, CancellationToken.None)).EnsureSuccessStatusCode();
            elapsed.Add(watch.Elapsed.TotalMilliseconds);
            try
            {
                await Task.Delay(pause, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        return elapsed;
    }

    private static string DurablePolling() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Repository.Root, "host.json")))?["extensions"]?["durableTask"]?["storageProvider"]?["maxQueuePollingInterval"]?.GetValue<string>() ?? "not set (30 s)";

    private static double Percentile(IEnumerable<double> values, double q)
    {
        double[] sorted = [.. values.Order()];
        return sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];
    }

    /// <summary>
    /// Where each event's time went, from the batch orchestrations' history (task hub table <c>{hub}History</c>): its
    /// <c>EventRaised</c> row's event time is when the router raised the delivery, the row's storage timestamp when the
    /// orchestration's step that took it was checkpointed (and the next node's activity scheduled).
    /// </summary>
    private static async Task<Dictionary<string, Stages>> BreakdownAsync(
        StorageAccount storage, string taskHub, Dictionary<string, DateTimeOffset> written, Dictionary<string, DateTimeOffset> effects)
    {
        var raisedAt = new Dictionary<string, (DateTimeOffset Raised, DateTimeOffset Taken)>(StringComparer.Ordinal);
        await foreach (TableEntity row in storage.Table(taskHub + "History").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"EventType eq {"EventRaised"}")))
        {
            if (row.GetString("Input") is not { } input || row.Timestamp is not { } taken || row.GetDateTime("_Timestamp") is not { } raised)
            {
                continue;
            }

            foreach (JsonNode? e in JsonNode.Parse(input) as JsonArray ?? [])
            {
                if (e?["accountId"]?.GetValue<string>() is { } account && !raisedAt.ContainsKey(account))
                {
                    raisedAt[account] = (new DateTimeOffset(raised, TimeSpan.Zero), taken);
                }
            }
        }

        var stages = new Dictionary<string, Stages>(StringComparer.Ordinal);
        foreach ((string account, DateTimeOffset at) in written)
        {
            if (raisedAt.TryGetValue(account, out var r) && effects.TryGetValue(account, out DateTimeOffset effect))
            {
                stages[account] = new Stages((r.Raised - at).TotalSeconds, (r.Taken - r.Raised).TotalSeconds, (effect - r.Taken).TotalSeconds);
            }
        }

        return stages;
    }

    /// <summary>One event's time from its write to the raise, from the raise to the step that took it, and from there to the next node's effect (seconds).</summary>
    private sealed record Stages(double ToRaise, double ToStep, double ToEffect);

    private static int Count(JsonNode? status, string node, string counter) => status?["nodes"]?[node]?[counter]?.GetValue<int>() ?? 0;
}
