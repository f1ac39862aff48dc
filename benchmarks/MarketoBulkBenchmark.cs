using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Marketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// The initial sync's two Marketo reads of the same <c>leads</c> (last updated over the past year), each on a fresh fake
/// Marketo with Marketo's limits and 100 ms per call: static-list paging (the baseline, measured in the same run) and
/// Bulk Lead Extract (12 windows of at most 31 days; the fake's jobs process for 2 s each). Each source is read to its
/// end as the sync step reads it (1,000 at a time, mapped to people); the sales write, the same for both, is left out.
/// Prints time, API calls, bytes received, the calls as a share of the rate ceiling, and the limit violations.
/// </summary>
internal static class MarketoBulkBenchmark
{
    private const long ListId = 7001;

    public static async Task<int> RunAsync(int leads)
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        DateTimeOffset now = DateTimeOffset.UtcNow;
        JsonObject[] all = [.. Enumerable.Range(0, leads).Select(i => Lead(i, now - TimeSpan.FromMinutes(i % (365 * 24 * 60))))];
        Console.WriteLine($"Reading {leads:N0} leads through the Marketo client (100 calls/20 s, 10 concurrent, 100 ms per call), list paging then bulk extract ...");
        Figures list = await ReadAsync(all, bulk: false, storage);
        Figures bulk = await ReadAsync(all, bulk: true, storage);
        Console.WriteLine();
        Console.WriteLine("| read | people | time | people/s | API calls | bytes received | share of the rate ceiling | violations |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        foreach ((string name, Figures f) in new[] { ("list paging", list), ("bulk extract", bulk) })
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {f.People:N0} | {f.Elapsed.TotalSeconds:F1} s | {f.People / f.Elapsed.TotalSeconds:N0} | {f.Calls:N0} | {f.Bytes / 1e6:F1} MB | {f.CeilingShare:F1}% | {f.Violations} |"));
        }

        Console.WriteLine($"bulk jobs           {bulk.Jobs} (export bytes counted against the daily quota: {bulk.ExportBytes / 1e6:F1} MB of 500 MB)");
        return list.Violations + bulk.Violations == 0 && list.People == leads && bulk.People == leads ? 0 : 1;
    }

    private static async Task<Figures> ReadAsync(JsonObject[] leads, bool bulk, StorageAccount storage)
    {
        var limits = new FakeMarketoLimits { Latency = TimeSpan.FromMilliseconds(100), ExportProcessingTime = TimeSpan.FromSeconds(2) };
        await using FakeMarketoServer marketo = await FakeMarketoServer.StartAsync(limits);
        if (bulk)
        {
            marketo.AddLeads(leads.Select(l => (JsonObject)l.DeepClone()));
        }
        else
        {
            marketo.AddListLeads(ListId, leads.Select(l => (JsonObject)l.DeepClone()));
        }

        using var counting = new CountingHandler();
        using var http = new HttpClient(counting);
        MarketoClient client = MarketoClient.Create(http, new MarketoOptions
        {
            BaseUrl = marketo.BaseUrl,
            ClientId = FakeMarketoServer.ClientId,
            ClientSecret = FakeMarketoServer.ClientSecret,
            StaticListId = ListId,
            BulkExtractSince = bulk ? DateTimeOffset.UtcNow.AddDays(-366) : null,
            ExportPollDelay = TimeSpan.FromSeconds(1),
            ExportMaxPollDelay = TimeSpan.FromSeconds(4),
        }, TimeProvider.System);
        // The export job's checkpoint in a table of this run's own, as the fake and its jobs are new.
        Azure.Data.Tables.TableClient state = storage.Table("BenchBulk" + Guid.NewGuid().ToString("N")[..12]);
        await state.CreateIfNotExistsAsync();
        var checkpoints = new SyncCheckpointStore(state);
        using var bulkSource = new MarketoBulkPeopleSource(client, checkpoints, TimeProvider.System);
        IPeopleSource source = bulk ? bulkSource : new MarketoPeopleSource(client);

        var clock = Stopwatch.StartNew();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        while (true)
        {
            SourcePage page = await source.ReadPageAsync(cursor, 1000, CancellationToken.None);
            if (page.PausedUntilUtc is { } until)
            {
                // The sync waits on a durable timer; here, in place.
                TimeSpan wait = until - DateTime.UtcNow;
                await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.Zero);
                continue;
            }

            seen.UnionWith(page.People.Select(p => p.RowKey));
            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }

        TimeSpan elapsed = clock.Elapsed;
        await state.DeleteAsync();
        long windows = (long)Math.Ceiling(elapsed / limits.Window);
        return new Figures(seen.Count, elapsed, marketo.Calls, counting.Bytes, 100.0 * marketo.Calls / (windows * limits.CallsPerWindow),
            marketo.Violations.Count, marketo.Exports.Count, marketo.ExportBytesToday);
    }

    private static JsonObject Lead(int n, DateTimeOffset updated) => new()
    {
        ["id"] = 1_000_000 + n,
        ["firstName"] = "First" + n,
        ["lastName"] = "Last, " + n,
        ["email"] = $"lead{n}@example.com",
        ["company"] = "Company \"" + (n / 100) + "\"",
        ["title"] = n % 6 == 0 ? null : "Buyer",
        ["sfdcLeadId"] = "00Q" + n,
        ["sfdcAccountId"] = "001" + (n / 100),
        ["leadSource"] = "Webinar",
        ["sfdcLeadOwnerId"] = n % 6 == 5 ? null : "005SELLER",
        ["unsubscribed"] = false,
        ["updatedAt"] = updated.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
    };

    private sealed record Figures(int People, TimeSpan Elapsed, long Calls, long Bytes, double CeilingShare, int Violations, int Jobs, long ExportBytes);

    /// <summary>Counts the response bytes the client reads (the HTTP bodies, JSON and CSV alike).</summary>
    private sealed class CountingHandler() : DelegatingHandler(new HttpClientHandler())
    {
        private long _bytes;

        public long Bytes => Interlocked.Read(ref _bytes);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            Interlocked.Add(ref _bytes, response.Content.Headers.ContentLength ?? 0);
            return response;
        }
    }
}
