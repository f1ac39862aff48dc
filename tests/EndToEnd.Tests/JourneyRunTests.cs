using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Testing;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>A journey run through the local host's HTTP API, with its effects read back from Azurite.</summary>
public sealed class JourneyRunTests
{
    private static JsonObject Journey(TestData data, int accounts) => JourneyApi.Parse($$"""
        {
          "name": "e2e",
          "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": [{{string.Join(",", Enumerable.Range(0, accounts).Select(a => $"\"{data.Account(a)}\""))}}] } },
            { "id": "industry", "type": "splitByAccount", "otherPath": true,
              "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] } ] },
            { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "engagement", "change": 10 } },
            { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "nurture" } },
            { "id": "merge", "type": "merge" },
            { "id": "pause", "type": "wait", "duration": "PT1S" },
            { "id": "title", "type": "action", "action": "changeDataValue", "settings": { "attribute": "Title", "value": "Champion" } },
            { "id": "end", "type": "end" }
          ],
          "edges": [
            { "from": "start", "to": "industry" },
            { "from": "industry", "to": "score", "path": "software" },
            { "from": "industry", "to": "tier", "path": "other" },
            { "from": "score", "to": "merge" }, { "from": "tier", "to": "merge" },
            { "from": "merge", "to": "pause" }, { "from": "pause", "to": "title" }, { "from": "title", "to": "end" }
          ]
        }
        """);

    [Fact]
    public async Task Run_walks_every_node_and_stores_each_effect_once()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 3, people: 4);

        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, Journey(data, 3));
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl);

        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        Assert.Equal(3, JourneyApi.Count(status, "start", "reached"));
        Assert.Equal(2, JourneyApi.Count(status, "score", "reached")); // accounts 0 and 2 are Software
        Assert.Equal(8, JourneyApi.Count(status, "score", "peopleAffected"));
        Assert.Equal(1, JourneyApi.Count(status, "tier", "reached"));
        Assert.Equal(12, JourneyApi.Count(status, "title", "peopleAffected"));
        Assert.Equal(3, JourneyApi.Count(status, "end", "reached"));
        Assert.Equal(0, JourneyApi.Count(status, "pause", "current"));

        List<Effect> effects = await data.EffectsAsync(runId);
        Assert.Equal(8 + 1 + 12, effects.Count);
        Assert.Equal(8, effects.Count(e => e.NodeId == "score"));
        Assert.Equal(data.Account(1), Assert.Single(effects, e => e.NodeId == "tier").TargetId);
        Assert.Equal(10, (await data.PersonAsync(0, 0)).GetDouble("Score_engagement"));
        Assert.Null((await data.PersonAsync(1, 0)).GetDouble("Score_engagement"));
        Assert.Equal("Champion", (await data.PersonAsync(1, 3)).GetString("Title"));
        Assert.Equal("nurture", (await data.AccountAsync(1)).GetString("Tier"));
    }

    [Fact]
    public async Task Invalid_journey_is_refused_with_every_problem_named()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        JsonObject journey = JourneyApi.Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "x", "type": "action", "action": "changeScore", "settings": { "scoreName": "e" } } ],
              "edges": [ { "from": "s", "to": "x" } ] }
            """);

        using HttpResponseMessage response = await host.Http.PostAsync(
            new Uri("journeys", UriKind.Relative), new StringContent(journey.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        JsonNode body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("urn:journeyfunctions:problem:invalid-journey", body["type"]!.GetValue<string>());
        Assert.Equal(400, body["status"]!.GetValue<int>());
        JsonArray errors = body["errors"]!.AsArray();
        Assert.Contains(errors, p => p!["node"]!.GetValue<string>() == "x" && p["field"]!.GetValue<string>() == "change");
        Assert.Contains(errors, p => p!["node"]!.GetValue<string>() == "x" && p["field"]!.GetValue<string>() == "edges");
    }

    [Fact]
    public async Task Malformed_json_gets_a_400_that_says_where()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());

        using HttpResponseMessage response = await host.Http.PostAsync(
            new Uri("journeys", UriKind.Relative), new StringContent("{ \"nodes\": [ { \"id\": 1 ", System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("line 1", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
