using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>The initial sync on the local host when it is killed, and when changes arrive while it runs.</summary>
public sealed class SyncCrashTests
{
    /// <summary>Small pages and a throttle make the sync last long enough to be killed, or changed under, midway.</summary>
    private static readonly Dictionary<string, string> SlowSync = new()
    {
        ["SyncPageSize"] = "100",
        ["SyncMaxPeoplePerMinute"] = "30000",
    };

    private static async Task<JsonNode> StatusAsync(DevHostProcess host) =>
        JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sync/status", UriKind.Relative)))!;

    private static long Progress(JsonNode status, string counter) => status["progress"]?[counter]?.GetValue<long>() ?? 0;

    private static async Task<JsonNode> StartAndWaitAsync(DevHostProcess host, Func<JsonNode, bool> until)
    {
        (await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null)).EnsureSuccessStatusCode();
        return await Eventually.ReadAsync(() => StatusAsync(host), until, seconds: 120);
    }

    /// <summary>The killed host's in-flight Durable messages reappear after 20 s instead of Durable's default 5 minutes.</summary>
    private static readonly Dictionary<string, string> SlowSyncQuickRecovery = new(SlowSync)
    {
        ["DevHost__DurableMessageVisibility"] = "00:00:20",
    };

    [Fact]
    public async Task SIGKILL_mid_initial_sync_then_restart_ends_with_exactly_the_eligible_set()
    {
        var data = new TestData();
        List<TableEntity> people = await data.LoadSamplePeopleAsync(accounts: 30, people: 100);
        var eligible = people.Where(SalesPerson.IsEligible).Select(p => p.RowKey).Order(StringComparer.Ordinal).ToList();
        string hub = DevHostProcess.NewTaskHub();

        JsonNode atKill;
        await using (DevHostProcess first = await DevHostProcess.StartAsync(hub, SlowSyncQuickRecovery))
        {
            atKill = await StartAndWaitAsync(first, s => Progress(s, "read") >= 1000);
            first.Kill();
        }

        Assert.True(atKill["status"]!.GetValue<string>() == "Running", "The sync must still be running when killed: " + atKill.ToJsonString());
        Assert.True((await data.SalesPeopleAsync()).Count < eligible.Count, "The kill must come before our people are all copied.");

        await using DevHostProcess second = await DevHostProcess.StartAsync(hub, SlowSyncQuickRecovery);
        JsonNode done = await Eventually.ReadAsync(() => StatusAsync(second), s => s["status"]!.GetValue<string>() == "Completed", seconds: 180);

        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString() + second.Output);
        Assert.True(Progress(done, "read") >= people.Count, done.ToJsonString());
        List<string> synced = await data.SalesPeopleAsync();
        Assert.Equal(eligible, synced.Order(StringComparer.Ordinal));
        Assert.Equal(0.0, done["estimatedSecondsLeft"]!.GetValue<double>());
    }

    [Fact]
    public async Task Changes_made_while_the_initial_sync_runs_are_kept()
    {
        var data = new TestData();
        List<TableEntity> people = await data.LoadSamplePeopleAsync(accounts: 20, people: 100);
        List<TableEntity> owned = people.Where(SalesPerson.IsEligible).ToList();
        TableEntity[] retitled = owned.Where((_, i) => i % 50 == 0).ToArray();
        TableEntity[] unowned = owned.Where((_, i) => i % 50 == 25).ToArray();
        var store = new PeopleStore(data.Storage);
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), SlowSync);

        JsonNode started = await StartAndWaitAsync(host, s => Progress(s, "read") > 0);
        foreach (TableEntity person in retitled)
        {
            await store.SetFieldsAsync(person.PartitionKey, [person.RowKey], new Dictionary<string, string?> { [PersonFields.Title] = "Changed mid-sync" });
        }

        foreach (TableEntity person in unowned)
        {
            await store.SetFieldsAsync(person.PartitionKey, [person.RowKey], new Dictionary<string, string?> { [PersonFields.LeadOwner] = "", [PersonFields.ContactOwner] = "" });
        }

        JsonNode done = await Eventually.ReadAsync(() => StatusAsync(host), s => s["status"]!.GetValue<string>() == "Completed", seconds: 120);
        var sales = new SalesPeopleStore(data.Storage);
        TableEntity? lastRetitled = await Eventually.ReadAsync(
            () => sales.GetAsync(retitled[^1].RowKey), c => c?.GetString(PersonFields.Title) == "Changed mid-sync");

        Assert.True(started["status"]!.GetValue<string>() == "Running", started.ToJsonString());
        Assert.True(done["status"]!.GetValue<string>() == "Completed", done.ToJsonString() + host.Output);
        Assert.NotNull(lastRetitled);
        foreach (TableEntity person in retitled)
        {
            Assert.Equal("Changed mid-sync", (await sales.GetAsync(person.RowKey))?.GetString(PersonFields.Title));
        }

        List<string> synced = await Eventually.ReadAsync(data.SalesPeopleAsync, ids => !ids.Intersect(unowned.Select(p => p.RowKey)).Any());
        Assert.Equal(owned.Except(unowned).Select(p => p.RowKey).Order(StringComparer.Ordinal), synced.Order(StringComparer.Ordinal));
    }
}
