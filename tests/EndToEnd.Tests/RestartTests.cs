using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Testing;
using System.Text.Json.Nodes;
using Azure.Data.Tables;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>Durable state lives in Azurite: a local host killed mid-run is replaced and the run completes.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task Run_survives_SIGKILL_of_the_host_and_stores_every_effect_exactly_once()
    {
        var data = new TestData();
        string hub = DevHostProcess.NewTaskHub();
        await data.SeedAsync(accounts: 4, people: 3);
        JsonObject journey = JourneyApi.Parse($$"""
            {
              "name": "restart",
              "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{string.Join(",", Enumerable.Range(0, 4).Select(a => $"\"{data.Account(a)}\""))}}] } },
                { "id": "first", "type": "action", "action": "changeScore", "settings": { "scoreName": "engagement", "change": 5 } },
                { "id": "pause", "type": "wait", "duration": "PT4S" },
                { "id": "second", "type": "action", "action": "changeScore", "settings": { "scoreName": "engagement", "change": 1 } },
                { "id": "end", "type": "end" }
              ],
              "edges": [ { "from": "start", "to": "first" }, { "from": "first", "to": "pause" }, { "from": "pause", "to": "second" }, { "from": "second", "to": "end" } ]
            }
            """);

        // A Durable message the killed host had already taken (the wait's timer, when the kill comes late under load)
        // stays invisible for this long; the 5-minute default outlasts the poll below.
        var settings = new Dictionary<string, string> { ["DevHost__DurableMessageVisibility"] = "00:00:10" };
        string runId;
        Uri statusUrl;
        await using (DevHostProcess first = await DevHostProcess.StartAsync(hub, settings))
        {
            string journeyId = await JourneyApi.CreateAndPublishAsync(first.Http, journey);
            (runId, statusUrl) = await JourneyApi.StartRunAsync(first.Http, journeyId);
            await JourneyApi.PollAsync(first.Http, statusUrl, s => JourneyApi.Count(s, "pause", "current") == 4);
            first.Kill();
        }

        await using DevHostProcess second = await DevHostProcess.StartAsync(hub, settings);
        JsonNode status = await JourneyApi.PollAsync(second.Http, new Uri(second.BaseUrl, $"runs/{runId}"));

        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + second.Output);
        Assert.Equal(4, JourneyApi.Count(status, "end", "reached"));
        List<Effect> effects = await data.EffectsAsync(runId);
        Assert.Equal(24, effects.Count);
        for (int a = 0; a < 4; a++)
        {
            for (int p = 0; p < 3; p++)
            {
                Assert.Equal(6, (await data.PersonAsync(a, p)).GetDouble("Score_engagement"));
            }
        }
    }
}
