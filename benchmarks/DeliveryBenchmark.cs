using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Samples;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// A journey of <c>sendEmail</c> then <c>addToMarketoList</c> over <c>accounts x people</c> on the local host, with
/// emails going to smtp4dev over SMTP and the list changes to a fake Marketo with Marketo's limits (100 calls per
/// 20 s unless told a smaller share, 10 in flight, 300 leads per call, 100 ms per call). Prints the emails smtp4dev accepted per second (from the
/// send ledger's <c>Sent</c> rows: each is an SMTP 250 answer), the Marketo calls while the list phase runs against the
/// most the limit allows in those 20 s windows, the limit violations, and the whole run's time beside Azurite's raw
/// write rate measured in the same run.
/// </summary>
internal static partial class DeliveryBenchmark
{
    private const string Connection = "Benchmark Marketo";

    /// <param name="callsPer20Seconds">
    /// The fake's rate limit and the app's <c>MarketoCallsPer20Seconds</c> (Marketo: 100): a smaller share makes a
    /// smaller run span several rate windows, so the share of the ceiling is measured on a machine too small for the
    /// full size.
    /// </param>
    /// <param name="countTraffic">Put <see cref="StorageTrafficCounter"/> between the local host and Azurite and print the run's storage work per email.</param>
    public static async Task<int> RunAsync(int accounts, int people, int batchSize, int callsPer20Seconds, bool countTraffic)
    {
        BenchmarkRun bench = await BenchmarkRun.StartAsync('e');
        StorageAccount storage = bench.Storage;
        string prefix = bench.Prefix;
        // Marketo ids must be numbers: a random leading digit group keeps this run's people apart from earlier runs'.
        string idPrefix = Random.Shared.Next(100, 999).ToString(CultureInfo.InvariantCulture);
        string Account(int i) => bench.Account(i);

        var limits = new FakeMarketoLimits { Latency = TimeSpan.FromMilliseconds(100), CallsPerWindow = callsPer20Seconds };
        await using FakeMarketoServer marketo = await FakeMarketoServer.StartAsync(limits);
        marketo.AddStaticList(5001, "Benchmark list");
        Console.WriteLine($"Seeding {accounts:N0} accounts x {people} people (and the same leads in the fake Marketo) ...");
        await new AccountStore(storage).UpsertAsync(Enumerable.Range(0, accounts).Select(i => (Account(i), SampleData.AccountAttributes(i))));
        await Parallel.ForEachAsync(Enumerable.Range(0, accounts).Chunk(50), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (chunk, ct) =>
        {
            List<TableEntity> rows = [.. chunk.SelectMany(a => SampleData.People(a, people, Account(a), idPrefix))];
            marketo.AddLeads(rows.Select(r => new JsonObject { ["id"] = long.Parse(r.RowKey, CultureInfo.InvariantCulture) }));
            await new PeopleStore(storage).LoadAsync(rows, ct);
        });
        int subscribed = Enumerable.Range(0, accounts * people).Count(n => n % 11 != 0);

        double raw = await RawWriteRate.MeasureAsync(storage, 20_000);
        await using StorageTrafficCounter? counter = countTraffic ? await StorageTrafficCounter.StartAsync(TestStorage.ConnectionString, StorageTrafficCounter.FirstPort) : null;
        string taskHub = DevHostProcess.NewTaskHub();
        var settings = new Dictionary<string, string>
        {
            ["JourneyBatchSize"] = batchSize.ToString(CultureInfo.InvariantCulture),
            ["MarketoConnection"] = Connection,
            ["MarketoBaseUrl"] = marketo.BaseUrl.ToString(),
            ["MarketoClientId"] = FakeMarketoServer.ClientId,
            ["MarketoClientSecret"] = FakeMarketoServer.ClientSecret,
            ["MarketoCallsPer20Seconds"] = callsPer20Seconds.ToString(CultureInfo.InvariantCulture),
        };
        if (counter is not null)
        {
            settings["AzureWebJobsStorage"] = counter.ConnectionString;
        }

        await using DevHostProcess host = await DevHostProcess.StartAsync(taskHub, settings);
        JsonObject journey = Journey(Enumerable.Range(0, accounts).Select(Account));
        using HttpResponseMessage created = (await host.Http.PostAsJsonAsync(new Uri("journeys", UriKind.Relative), journey)).EnsureSuccessStatusCode();
        string journeyId = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/publish", UriKind.Relative), null)).EnsureSuccessStatusCode();

        StorageTraffic? before = counter?.Snapshot();
        var clock = Stopwatch.StartNew();
        DateTimeOffset startedAt = DateTimeOffset.UtcNow;
        using HttpResponseMessage started = (await host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null)).EnsureSuccessStatusCode();
        JsonNode run = JsonNode.Parse(await started.Content.ReadAsStringAsync())!;
        string runId = run["runId"]!.GetValue<string>();
        string status;
        var progress = Stopwatch.StartNew();
        var sentLog = new SentEmailLog(runId);
        do
        {
            await Task.Delay(1000);
            status = (await JourneyBenchmark.StatusAsync(host, new Uri(run["statusUrl"]!.GetValue<string>())))?["status"]?.GetValue<string>() ?? "Running";
            await ProgressAsync(progress, sentLog, host, clock, marketo, counter, before);
        }
        while (status is "Running" or "Pending");
        TimeSpan journeyTime = clock.Elapsed;

        // Emails are delivered by the dispatcher after the action queued them: wait until each is sent (or 60 s pass
        // without one more), counting from the dispatcher's log lines, which cost Azurite nothing; a look at the ledger
        // returns every sent row of the run (a query Azurite sorts whole for each page), so it is looked at once, at the end.
        for (var quiet = Stopwatch.StartNew(); quiet.Elapsed < TimeSpan.FromSeconds(60) && sentLog.Sent < subscribed;)
        {
            await Task.Delay(2000);
            if (sentLog.Read(host.Output))
            {
                quiet.Restart();
            }

            await ProgressAsync(progress, sentLog, host, clock, marketo, counter, before);
        }

        (int sent, DateTimeOffset lastSent) = await SentAsync(storage, runId);
        StorageTraffic? traffic = before is null ? null : counter!.Snapshot().Minus(before);

        TimeSpan whole = (lastSent > startedAt + journeyTime ? lastSent - startedAt : journeyTime);
        await File.WriteAllTextAsync(Path.Combine(Path.GetTempPath(), "journeyfunctions-delivery-benchmark-host.log"), host.Output);

        List<(DateTimeOffset At, string Call)> calls = [.. marketo.CallLog.OrderBy(c => c.At)];
        List<(DateTimeOffset At, string Call)> listCalls = [.. calls.Where(c => c.Call == "POST /rest/v1/lists/5001/leads.json")];
        DateTimeOffset first = listCalls.Count > 0 ? listCalls[0].At : startedAt, last = listCalls.Count > 0 ? listCalls[^1].At : startedAt;
        int inPhase = calls.Count(c => c.At >= first && c.At <= last);
        long windows = Math.Max(1, (long)Math.Ceiling((last - first) / limits.Window));
        int members = marketo.ListMembers(5001).Count;

        Console.WriteLine();
        Console.WriteLine($"journey run          {status} in {journeyTime.TotalSeconds:F1} s ({accounts:N0} accounts x {people} people, batches of {batchSize})");
        Console.WriteLine($"emails accepted      {sent:N0} of {subscribed:N0} subscribed people by smtp4dev; {sent / whole.TotalSeconds:N0} emails/s over the whole run");
        Console.WriteLine($"marketo list phase   {listCalls.Count:N0} Add to List calls ({members:N0} list members) from {(first - startedAt).TotalSeconds:F1} s to {(last - startedAt).TotalSeconds:F1} s");
        // The windows the list phase filled from start to end; the last one is partial (it ends with the last call), so
        // the share over the whole windows says whether the calls kept up with the ceiling.
        long full = (long)Math.Floor((last - first) / limits.Window);
        int inFull = calls.Count(c => c.At >= first && c.At < first + (full * limits.Window));
        string fullShare = full == 0 ? "the phase is shorter than one window"
            : $"in its {full} whole windows {inFull:N0} of {full * limits.CallsPerWindow:N0} ({100.0 * inFull / (full * limits.CallsPerWindow):F1}%)";
        Console.WriteLine($"marketo share        {inPhase:N0} calls in {windows} windows of {limits.Window.TotalSeconds:F0} s: {100.0 * inPhase / (windows * limits.CallsPerWindow):F1}% of the {windows * limits.CallsPerWindow:N0} the limit allows; {fullShare}");
        Console.WriteLine($"calls per window     {string.Join(", ", Enumerable.Range(0, (int)windows).Select(w => calls.Count(c => c.At >= first + (w * limits.Window) && c.At < first + ((w + 1) * limits.Window))))} (every Marketo call, {limits.Window.TotalSeconds:F0} s windows from the first Add to List call; the last one partial)");
        Console.WriteLine($"limit violations     {marketo.Violations.Count} (max in flight {marketo.MaxInFlightSeen})");
        Console.WriteLine($"whole run            {whole.TotalSeconds:F1} s (journey and last email)");
        Console.WriteLine($"azurite raw writes   {raw:N0} entities/s (100-entity batches, same run)");
        Console.WriteLine($"storage traffic      {(traffic is null ? "not counted (count 0)" : "the local host's requests to Azurite from the run's start to the last email, through a counting proxy; 'per email' divides by the emails accepted")}");
        if (traffic is not null)
        {
            StorageTrafficReport.Print(traffic, taskHub, Math.Max(1, sent), whole, raw, unit: "email");
        }

        return status == "Completed" && sent == subscribed && members == accounts * people && marketo.Violations.Count == 0 ? 0 : 1;
    }

    /// <summary>
    /// Every 30 s, the emails accepted and the Add to List calls so far with the machine's load, so a run stopped
    /// part way (the 10,000 x 10 one on a loaded machine) still shows its rates.
    /// </summary>
    private static async Task ProgressAsync(Stopwatch since, SentEmailLog sentLog, DevHostProcess host, Stopwatch run, FakeMarketoServer marketo, StorageTrafficCounter? counter, StorageTraffic? before)
    {
        if (since.Elapsed < TimeSpan.FromSeconds(30))
        {
            return;
        }

        since.Restart();
        sentLog.Read(host.Output);
        int sent = sentLog.Sent;
        string load = File.Exists("/proc/loadavg") ? (await File.ReadAllTextAsync("/proc/loadavg"))[..14] : "?";
        // The storage work so far per email accepted so far (the journey's own writes are in it, so early lines read high).
        StorageTraffic? traffic = before is null ? null : counter!.Snapshot().Minus(before);
        string perEmail = traffic is null || sent == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"; so far per email: {traffic.Writes / (double)sent:F2} writes, {traffic.PointReads / (double)sent:F2} point reads, {traffic.QueryPages / (double)sent:F3} query pages, {traffic.RowsRead / (double)sent:F1} rows read");
        Console.WriteLine($"progress {run.Elapsed.TotalSeconds,6:F0} s: {sent:N0} emails accepted, {marketo.CallLog.Count(c => c.Call == "POST /rest/v1/lists/5001/leads.json"):N0} Add to List calls, {marketo.Violations.Count} limit violations, load {load}{perEmail}");
    }

    /// <summary>
    /// The run's emails sent so far, summed from the dispatcher's "Dispatched Email batch of N: ... M sent" log lines as
    /// the local host prints them (read on from where the last look stopped).
    /// </summary>
    private sealed partial class SentEmailLog(string runId)
    {
        private int _read;

        public int Sent { get; private set; }

        /// <summary>Reads the lines printed since the last call; true when more emails were sent.</summary>
        public bool Read(string output)
        {
            int before = Sent;
            int end = output.LastIndexOf('\n') + 1;
            foreach (string line in output[Math.Min(_read, end)..end].Split('\n'))
            {
                if (line.Contains(runId, StringComparison.Ordinal) && DispatchedEmail().Match(line) is { Success: true } m)
                {
                    Sent += int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
                }
            }

            _read = end;
            return Sent > before;
        }

        [GeneratedRegex(@"Dispatched Email batch of \d+: \d+ claimed, (\d+) sent")]
        private static partial Regex DispatchedEmail();
    }

    /// <summary>The run's emails smtp4dev accepted (the ledger's <c>Sent</c> rows), and when the last one was.</summary>
    private static async Task<(int Sent, DateTimeOffset Last)> SentAsync(StorageAccount storage, string runId)
    {
        int sent = 0;
        DateTimeOffset last = DateTimeOffset.MinValue;
        string filter = TableClient.CreateQueryFilter($"PartitionKey gt {runId + "~mail~"} and PartitionKey lt {runId + "~mail~\u007f"} and Status eq {"Sent"}");
        await foreach (TableEntity row in storage.Table(TableNames.Deliveries).QueryAsync<TableEntity>(filter, select: ["UpdatedAt"]))
        {
            sent++;
            last = row.GetDateTimeOffset("UpdatedAt") is { } at && at > last ? at : last;
        }

        return (sent, last);
    }

    private static JsonObject Journey(IEnumerable<string> accounts) => JsonNode.Parse($$$"""
        { "name": "delivery benchmark",
          "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": [{{{string.Join(",", accounts.Select(a => $"\"{a}\""))}}}] } },
            { "id": "mail", "type": "action", "action": "sendEmail", "settings": { "subject": "Hello {{lead.FirstName}}", "body": "Welcome, {{lead.FirstName:default=there}}." } },
            { "id": "list", "type": "action", "action": "addToMarketoList", "settings": { "connection": "{{{Connection}}}", "list": "Benchmark list" } },
            { "id": "end", "type": "end" } ],
          "edges": [ { "from": "start", "to": "mail" }, { "from": "mail", "to": "list" }, { "from": "list", "to": "end" } ] }
        """)!.AsObject();
}
