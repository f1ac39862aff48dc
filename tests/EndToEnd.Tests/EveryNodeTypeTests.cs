using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>One journey with every node type, run on the local host, one account receiving its event and one timing out.</summary>
public sealed class EveryNodeTypeTests
{
    [Fact]
    public async Task Splits_actions_wait_listen_merge_and_end_on_the_local_host()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 4, people: 2); // accounts 0 and 2 are Software
        // Person 0 of every account is an executive: the people split sends them the VIP path.
        for (int a = 0; a < 4; a++)
        {
            await data.Storage.Table(PeopleStore.TableOf(data.Account(a))).UpsertEntityAsync(new TableEntity(data.Account(a), data.Person(a, 0)) { ["JobLevel"] = "Executive" }, TableUpdateMode.Merge);
        }

        JsonObject journey = JourneyApi.Parse($$"""
            {
              "name": "every node",
              "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{string.Join(",", Enumerable.Range(0, 4).Select(a => $"\"{data.Account(a)}\""))}}] } },
                { "id": "industry", "type": "splitByAccount",
                  "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] },
                             { "id": "retail", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Retail" } ] } ] },
                { "id": "people", "type": "splitByPeople",
                  "paths": [ { "id": "vip", "conditions": [ { "attribute": "JobLevel", "operator": "equals", "value": "Executive" } ] } ] },
                { "id": "vip-score", "type": "action", "action": "changeScore", "settings": { "scoreName": "vip", "change": 3 } },
                { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "retail" } },
                { "id": "merge", "type": "merge" },
                { "id": "pause", "type": "wait", "duration": "PT2S" },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "people", "type": "personDataChange" }, "timeout": "PT6S" },
                { "id": "engaged", "type": "action", "action": "changeScore", "settings": { "scoreName": "engaged", "change": 1 } },
                { "id": "quiet", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Quiet", "value": "yes" } },
                { "id": "end", "type": "end" }
              ],
              "edges": [
                { "from": "start", "to": "industry" },
                { "from": "industry", "to": "people", "path": "software" },
                { "from": "industry", "to": "tier", "path": "retail" },
                { "from": "people", "to": "vip-score", "path": "vip" }, { "from": "vip-score", "to": "merge" }, { "from": "people", "to": "merge" },
                { "from": "tier", "to": "merge" },
                { "from": "merge", "to": "pause" }, { "from": "pause", "to": "listen" },
                { "from": "listen", "to": "engaged", "path": "event" }, { "from": "listen", "to": "quiet", "path": "timeout" },
                { "from": "engaged", "to": "end" }, { "from": "quiet", "to": "end" }
              ]
            }
            """);

        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, journey);
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        await JourneyApi.PollAsync(host.Http, statusUrl, s => JourneyApi.Count(s, "listen", "current") == 4);
        using HttpResponseMessage raised = await host.Http.PostAsJsonAsync(
            new Uri($"runs/{runId}/events", UriKind.Relative),
            new { scope = "people", type = "personDataChange", accountId = data.Account(1), personId = data.Person(1, 1) });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl);

        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        Assert.Equal(4, JourneyApi.Count(status, "industry", "reached"));
        Assert.Equal(2, JourneyApi.Count(status, "people", "reached"));
        Assert.Equal(2, JourneyApi.Count(status, "vip-score", "reached"));
        Assert.Equal(2, JourneyApi.Count(status, "vip-score", "peopleAffected"));
        Assert.Equal(2, JourneyApi.Count(status, "tier", "reached"));
        Assert.Equal(4, JourneyApi.Count(status, "merge", "reached"));
        Assert.Equal(4, JourneyApi.Count(status, "pause", "left"));
        Assert.Equal(4, JourneyApi.Count(status, "listen", "left"));
        Assert.Equal(1, JourneyApi.Count(status, "engaged", "reached"));
        Assert.Equal(3, JourneyApi.Count(status, "quiet", "reached"));
        Assert.Equal(4, JourneyApi.Count(status, "end", "reached"));

        List<Effect> effects = await data.EffectsAsync(runId);
        Assert.Equal([data.Person(0, 0), data.Person(2, 0)], effects.Where(e => e.NodeId == "vip-score").Select(e => e.TargetId).Order());
        Assert.Equal([data.Account(1), data.Account(3)], effects.Where(e => e.NodeId == "tier").Select(e => e.TargetId).Order());
        Assert.Equal([data.Person(1, 0), data.Person(1, 1)], effects.Where(e => e.NodeId == "engaged").Select(e => e.TargetId).Order());
        Assert.Equal([data.Account(0), data.Account(2), data.Account(3)], effects.Where(e => e.NodeId == "quiet").Select(e => e.TargetId).Order());
        Assert.Equal(3, (await data.PersonAsync(0, 0)).GetDouble("Score_vip"));
        Assert.Null((await data.PersonAsync(0, 1)).GetDouble("Score_vip"));

        // The same journal over HTTP, a node at a time, page by page through nextUrl.
        Assert.Equal(effects.Where(e => e.NodeId == "quiet").Select(e => (e.TargetId, e.Action, e.Detail)).Order(), (await EffectsOverHttpAsync(host.Http, runId, "quiet")).Order());
        Assert.Equal([data.Person(0, 0), data.Person(2, 0)], (await EffectsOverHttpAsync(host.Http, runId, "vip-score")).Select(e => e.Target).Order());
        Assert.Empty(await EffectsOverHttpAsync(host.Http, runId, "pause"));
        using HttpResponseMessage unknownNode = await host.Http.GetAsync(new Uri($"runs/{runId}/nodes/nowhere/effects", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownNode.StatusCode);
        using HttpResponseMessage unknownRun = await host.Http.GetAsync(new Uri("runs/no-such-run/nodes/quiet/effects", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, unknownRun.StatusCode);
    }

    /// <summary>A node's effects from <c>GET runs/{runId}/nodes/{nodeId}/effects</c>, a page of one at a time.</summary>
    private static async Task<List<(string Target, string Action, string Detail)>> EffectsOverHttpAsync(HttpClient http, string runId, string nodeId)
    {
        List<(string, string, string)> items = [];
        string? next = $"runs/{runId}/nodes/{nodeId}/effects?pageSize=1";
        while (next is not null)
        {
            JsonNode page = JsonNode.Parse(await http.GetStringAsync(new Uri(next, UriKind.RelativeOrAbsolute)))!;
            items.AddRange(page["items"]!.AsArray().Select(i => (i!["targetId"]!.GetValue<string>(), i["action"]!.GetValue<string>(), i["detail"]!.GetValue<string>())));
            Assert.True(page["items"]!.AsArray().Count == 1 || page["nextUrl"] is null);
            next = page["nextUrl"]?.GetValue<string>();
        }

        return items;
    }
}
