using System.Diagnostics;
using System.Text.Json.Nodes;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Marketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Benchmarks;

/// <summary>
/// The Marketo REST client against a fake Marketo with Marketo's limits (100 calls per 20 s, 10 concurrent, 300 records
/// per call) and 100 ms per call. First the initial sync: the sync step activity pages a static list of <c>leads</c>
/// and writes the sales store (list paging is one token chain, so one call at a time). Then a burst of Add Custom
/// Activities calls from many callers at once, which only the limiter holds back. Prints the calls made against the
/// most the limit allows in a run that long (100 x the number of 20 s windows it spans; the whole run, as the second
/// phase starts inside the first one's windows) and the violations the fake recorded.
/// </summary>
internal static class MarketoBenchmark
{
    private const long ListId = 7001;

    private const int ActivityCalls = 300;

    public static async Task<int> RunAsync(int leads)
    {
        var limits = new FakeMarketoLimits { Latency = TimeSpan.FromMilliseconds(100) };
        await using FakeMarketoServer marketo = await FakeMarketoServer.StartAsync(limits);
        string prefix = Random.Shared.Next(100_000, 999_999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        marketo.AddListLeads(ListId, Enumerable.Range(0, leads).Select(i => Lead(long.Parse(prefix + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), i)));

        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        using var http = new HttpClient();
        MarketoClient client = MarketoClient.Create(http, new MarketoOptions
        {
            BaseUrl = marketo.BaseUrl,
            ClientId = FakeMarketoServer.ClientId,
            ClientSecret = FakeMarketoServer.ClientSecret,
            StaticListId = ListId,
        }, TimeProvider.System);
        var activity = new SyncInitialPageActivity(new MarketoPeopleSource(client), new SalesPeopleStore(storage), new SyncRejectionStore(storage, "benchmark", TimeProvider.System), new SyncSettingsStore(storage, new SyncSettings(), "benchmark", TimeProvider.System), TimeProvider.System);

        Console.WriteLine($"Syncing {leads:N0} leads through the Marketo client (100 calls/20 s, 10 concurrent, 300 per call, 100 ms per call) ...");
        var clock = Stopwatch.StartNew();
        var run = Stopwatch.StartNew();
        var progress = new SyncProgress { PageSize = 1000 };
        do
        {
            progress = progress.After(await activity.RunAsync(new SyncPageRequest(progress.Cursor, progress.PageSize), CancellationToken.None));
        }
        while (progress.Cursor is not null);
        TimeSpan elapsed = clock.Elapsed;

        long syncCalls = marketo.Calls;
        Console.WriteLine();
        Console.WriteLine($"sync read / written {progress.Read:N0} / {progress.Written:N0} in {elapsed.TotalSeconds:F1} s ({progress.Read / elapsed.TotalSeconds:N0} people/s)");
        Console.WriteLine($"sync calls          {syncCalls:N0} in {elapsed.TotalSeconds:F1} s");

        Console.WriteLine($"Adding {ActivityCalls * 300:N0} custom activities from {ActivityCalls} concurrent callers ...");
        clock.Restart();
        await Task.WhenAll(Enumerable.Range(0, ActivityCalls).Select(call => client.AddCustomActivitiesAsync(
            [.. Enumerable.Range(0, 300).Select(i => new CustomActivity(long.Parse(prefix + i.ToString("D7", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), DateTimeOffset.UtcNow, 100001, $"Sales email {call}-{i}", []))],
            CancellationToken.None)));
        elapsed = clock.Elapsed;
        Console.WriteLine($"activity calls      {marketo.Calls - syncCalls:N0} in {elapsed.TotalSeconds:F1} s; {marketo.Activities.Count:N0} activities added");
        Console.WriteLine($"whole run           {Ceiling(marketo.Calls, run.Elapsed, limits)}");
        Console.WriteLine($"limit violations    {marketo.Violations.Count} (max in flight {marketo.MaxInFlightSeen}; client retries {string.Join(", ", client.Retries.Select(r => $"{r.Key}: {r.Value}"))})");
        Console.WriteLine($"tokens              {client.TokensFetched}");
        return marketo.Violations.Count == 0 && progress.Read == leads ? 0 : 1;
    }

    /// <summary>Calls made against the most the limit allows in a run of <paramref name="elapsed"/>.</summary>
    private static string Ceiling(long calls, TimeSpan elapsed, FakeMarketoLimits limits)
    {
        long windows = (long)Math.Ceiling(elapsed / limits.Window);
        long ceiling = windows * limits.CallsPerWindow;
        return $"{calls:N0} in {elapsed.TotalSeconds:F1} s ({windows} windows of {limits.Window.TotalSeconds:F0} s): {100.0 * calls / ceiling:F1}% of the {ceiling:N0} the limit allows";
    }

    private static JsonObject Lead(long id, int n) => new()
    {
        ["id"] = id,
        ["firstName"] = "First" + n,
        ["lastName"] = "Last" + n,
        ["email"] = $"lead{n % 100_000}@example.com",
        ["company"] = "Company " + (n / 100),
        ["title"] = n % 6 == 0 ? "" : "Buyer",
        ["sfdcLeadId"] = "00Q" + n,
        ["sfdcAccountId"] = "001" + (n / 100),
        ["leadSource"] = "Webinar",
        ["sfdcLeadOwnerId"] = n % 6 == 5 ? null : "005SELLER",
        ["updatedAt"] = "2026-11-01T10:00:00Z",
    };
}
