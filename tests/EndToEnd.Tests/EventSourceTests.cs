using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// Listen nodes fed by what happens, on the local host: a person's field changed in the marketing store, another
/// journey's action changing a buying group's stage, a sales email reply recorded through the activity API. Exactly
/// the accounts whose event meets the node's conditions move on; the others time out.
/// </summary>
public sealed class EventSourceTests
{
    private readonly TestData _data = new();

    private string Accounts(params int[] indexes) => string.Join(",", indexes.Select(a => $"\"{_data.Account(a)}\""));

    /// <summary>Start -> listen (the event given) -> "heard" on the event path; the timeout path ends at once.</summary>
    private JsonObject Listening(string name, string trigger, params int[] accounts) => JourneyApi.Parse($$"""
        { "name": "{{name}}", "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(accounts)}}] } },
            { "id": "listen", "type": "listenForEvent", "event": {{trigger}}, "timeout": "PT25S" },
            { "id": "heard", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Heard", "value": "{{name}}" } },
            { "id": "end", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "listen" },
            { "from": "listen", "to": "heard", "path": "event" }, { "from": "listen", "to": "end", "path": "timeout" },
            { "from": "heard", "to": "end" } ] }
        """);

    private static async Task<(string RunId, Uri StatusUrl)> ListenAsync(HttpClient http, JsonObject journey, int accounts)
    {
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(http, await JourneyApi.CreateAndPublishAsync(http, journey));
        await JourneyApi.PollAsync(http, statusUrl, s => JourneyApi.Count(s, "listen", "current") == accounts, seconds: 60);
        return (runId, statusUrl);
    }

    private async Task<List<string>> HeardAsync(string runId) =>
        [.. (await _data.EffectsAsync(runId)).Where(e => e.GetString("NodeId") == "heard").Select(e => e.GetString("TargetId")).Order(StringComparer.Ordinal)];

    [Fact]
    public async Task Listens_move_exactly_the_accounts_whose_person_field_buying_group_or_sales_reply_event_happens()
    {
        await _data.SeedAsync(accounts: 7, people: 2);
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        var people = new PeopleStore(_data.Storage);
        TableEntity replier = await _data.PersonAsync(5, 0);
        TableEntity opener = await _data.PersonAsync(6, 0);
        await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.From(replier), SalesPerson.From(opener)]);

        var titles = await ListenAsync(host.Http, Listening(
            "title", """{ "scope": "people", "type": "personDataChange", "attribute": "Title", "value": "CTO" }""", 0, 1, 2), 3);
        var stages = await ListenAsync(host.Http, Listening(
            "stage", """{ "scope": "account", "type": "buyingGroupStageChange", "solutionInterest": "Cloud", "value": "Qualified" }""", 3, 4), 2);
        var replies = await ListenAsync(host.Http, Listening(
            "reply", """{ "scope": "people", "type": "salesActivity", "activityType": "replySalesEmail" }""", 5, 6), 2);

        // The marketing store: a0's person gets the title, a1's person another field.
        await people.SetFieldsAsync(_data.Account(0), [_data.Person(0, 1)], new Dictionary<string, string?> { ["Title"] = "cto" });
        await people.SetFieldsAsync(_data.Account(1), [_data.Person(1, 0)], new Dictionary<string, string?> { ["Phone"] = "+15550100" });

        // Another journey's action changes a3's buying group stage.
        string stager = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse($$"""
            { "name": "stager", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(3)}}] } },
                { "id": "qualify", "type": "action", "action": "updateBuyingGroupStage", "settings": { "solutionInterest": "Cloud", "stage": "Qualified" } },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "qualify" }, { "from": "qualify", "to": "end" } ] }
            """));
        await JourneyApi.StartRunAsync(host.Http, stager);

        // The activity API: a5's person replies to a sales email, a6's only opens one.
        foreach ((string marketoId, string type) in new[] { (replier.RowKey, "replySalesEmail"), (opener.RowKey, "openSalesEmail") })
        {
            using HttpResponseMessage recorded = await host.Http.PostAsJsonAsync(
                new Uri($"sales/people/{marketoId}/activities", UriKind.Relative), new { id = $"{_data.Prefix}-{type}", type });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        foreach ((string runId, Uri statusUrl) in new[] { titles, stages, replies })
        {
            JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl, seconds: 90);
            Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        }

        Assert.Equal([_data.Account(0)], await HeardAsync(titles.RunId));
        Assert.Equal([_data.Account(3)], await HeardAsync(stages.RunId));
        Assert.Equal([_data.Account(5)], await HeardAsync(replies.RunId));
        Assert.Equal(3, JourneyApi.Count(await JourneyApi.StatusAsync(host.Http, titles.StatusUrl), "end", "reached"));
        JsonNode routing = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("events/status", UriKind.Relative)))!;
        Assert.True(routing["routed"]!.GetValue<long>() >= 3, routing.ToJsonString());
        Assert.True(routing["dropped"]!.GetValue<long>() >= 1, routing.ToJsonString()); // the seed's changes came before anyone listened
    }
}
