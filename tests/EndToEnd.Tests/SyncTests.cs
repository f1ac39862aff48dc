using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>The sales sync on the local host: the initial sync over HTTP, the change queue, and its poison queue.</summary>
public sealed class SyncTests
{
    [Fact]
    public async Task Initial_sync_copies_every_sales_owned_person()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 2, people: 3);
        // One person without an owner must not be copied; the change queue would skip it too.
        await data.Storage.Table(PeopleStore.TableOf(data.Account(0))).UpsertEntityAsync(
            new TableEntity(data.Account(0), data.Person(0, 9)) { [PersonFields.Email] = "nobody@example.com" });

        using HttpResponseMessage started = await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        Assert.Equal(JsonNode.Parse(await started.Content.ReadAsStringAsync())!["statusUrl"]!.GetValue<string>(), started.Headers.Location?.ToString());
        JsonNode status = await Eventually.ReadAsync(
            async () => JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sync/status", UriKind.Relative)))!,
            s => s["status"]!.GetValue<string>() == "Completed");

        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        var sales = new SalesPeopleStore(data.Storage);
        for (int a = 0; a < 2; a++)
        {
            for (int p = 0; p < 3; p++)
            {
                Assert.NotNull(await sales.GetAsync(data.Person(a, p)));
            }
        }

        Assert.Null(await sales.GetAsync(data.Person(0, 9)));
    }

    [Fact]
    public async Task A_full_resync_removes_people_who_lost_their_owner_or_were_deleted_without_a_change_message()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 3);
        JsonNode first = await FullSyncAsync(host, previousRun: null);
        TableClient people = data.Storage.Table(PeopleStore.TableOf(data.Account(0)));

        // Straight into the table: no change message reaches the sync.
        await people.UpdateEntityAsync(new TableEntity(data.Account(0), data.Person(0, 1)) { [PersonFields.LeadOwner] = "" }, ETag.All, TableUpdateMode.Merge);
        await people.DeleteEntityAsync(data.Account(0), data.Person(0, 2));
        JsonNode second = await FullSyncAsync(host, previousRun: first["progress"]!["runId"]!.GetValue<string>());

        Assert.Equal([data.Person(0, 0)], await data.SalesPeopleAsync());
        // Other tests' leftovers on this Azurite may be removed too.
        Assert.True(second["progress"]!["removed"]!.GetValue<long>() >= 2, second.ToJsonString());
    }

    /// <summary>Starts a full sync over HTTP and waits for it (not the run before it) to complete.</summary>
    private static async Task<JsonNode> FullSyncAsync(DevHostProcess host, string? previousRun)
    {
        using HttpResponseMessage started = await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        JsonNode status = await Eventually.ReadAsync(
            async () => JsonNode.Parse(await host.Http.GetStringAsync(new Uri("sync/status", UriKind.Relative)))!,
            s => s["status"]!.GetValue<string>() == "Completed" && s["progress"]?["runId"]?.GetValue<string>() != previousRun);
        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        return status;
    }

    [Fact]
    public async Task A_journey_change_to_a_synced_field_reaches_the_sales_copy()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 2);
        JsonObject journey = JourneyApi.Parse($$"""
            { "name": "title", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["{{data.Account(0)}}"] } },
                { "id": "title", "type": "action", "action": "changeDataValue", "settings": { "attribute": "Title", "value": "Chief Buyer" } },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "title" }, { "from": "title", "to": "end" } ] }
            """);

        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, journey);
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        await JourneyApi.PollAsync(host.Http, statusUrl);

        var sales = new SalesPeopleStore(data.Storage);
        TableEntity? copy = await Eventually.ReadAsync(() => sales.GetAsync(data.Person(0, 1)), c => c?.GetString(PersonFields.Title) == "Chief Buyer");
        Assert.True(copy?.GetString(PersonFields.Title) == "Chief Buyer", host.Output);
    }

    [Fact]
    public async Task A_malformed_change_message_goes_to_the_poison_queue()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string text = $"not a change {data.Prefix}";
        await data.Storage.Queue(QueueNames.PersonChanges).SendMessageAsync(text);

        QueueClient poison = data.Storage.Queue(QueueNames.PoisonOf(QueueNames.PersonChanges));
        PeekedMessage[] poisoned = await Eventually.ReadAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value,
            messages => messages.Any(m => m.MessageText == text));

        Assert.True(poisoned.Any(m => m.MessageText == text), host.Output);
        // The host logs the reason as it poisons the message; its console output may reach us a moment later.
        string output = await Eventually.ReadAsync(() => Task.FromResult(host.Output), o => o.Contains("Malformed person change message", StringComparison.Ordinal), seconds: 10);
        Assert.True(output.Contains("Malformed person change message", StringComparison.Ordinal), output);
    }
}
