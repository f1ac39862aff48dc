using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// Each account moves by its own clock, on the local host's real Durable backend (Azure Storage provider on
/// Azurite): groups of one batch never wait for each other, groups meeting at a merge act as one, an account is
/// released for re-entry when it leaves, and a failed run says where and why.
/// </summary>
public sealed class JourneySemanticsTests
{
    private static string Accounts(TestData data, int count) => string.Join(",", Enumerable.Range(0, count).Select(a => $"\"{data.Account(a)}\""));

    [Fact]
    public async Task A_timed_out_account_moves_on_at_its_timeout_and_may_reenter_while_an_evented_one_of_its_batch_still_waits()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 2, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse($$"""
            { "name": "own clock", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(data, 2)}}] },
                  "reentry": { "enabled": true, "waitPeriod": "PT1S" } },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "account", "type": "dataValueChange" }, "timeout": "PT12S" },
                { "id": "long-wait", "type": "wait", "duration": "PT5M" },
                { "id": "quiet", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Quiet", "value": "yes" } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "listen" },
                { "from": "listen", "to": "long-wait", "path": "event" }, { "from": "listen", "to": "quiet", "path": "timeout" },
                { "from": "long-wait", "to": "end" }, { "from": "quiet", "to": "end" } ] }
            """));
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        await JourneyApi.PollAsync(host.Http, statusUrl, s => JourneyApi.Count(s, "listen", "current") == 2);
        using HttpResponseMessage raised = await host.Http.PostAsJsonAsync(
            new Uri($"runs/{runId}/events", UriKind.Relative), new { scope = "account", type = "dataValueChange", accountId = data.Account(0) });
        Assert.Equal(HttpStatusCode.Accepted, raised.StatusCode);

        // The account that timed out is through the timeout path at once, not after the evented one's five minutes.
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl, s => JourneyApi.Count(s, "end", "reached") == 1, seconds: 90);
        Assert.Equal("Running", status["status"]!.GetValue<string>());
        Assert.Equal(1, JourneyApi.Count(status, "long-wait", "current"));
        Assert.Equal(1, JourneyApi.Count(status, "quiet", "reached"));
        Assert.Equal(0, JourneyApi.Count(status, "listen", "current"));
        Assert.Equal("yes", (await data.AccountAsync(1)).GetString("Quiet"));

        // Released when it left: it enters a second run; the account still waiting in the first never re-enters.
        var entries = new JourneyEntryStore(data.Storage);
        string? released = await Eventually.ReadAsync(() => entries.GetCurrentRunAsync(journeyId, data.Account(1)), run => run is null, seconds: 20);
        Assert.Null(released);
        Assert.Equal(runId, await entries.GetCurrentRunAsync(journeyId, data.Account(0)));
        await Task.Delay(1100); // past the re-entry wait period
        (string secondRunId, Uri secondUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        JsonNode second = await JourneyApi.PollAsync(host.Http, secondUrl, s => JourneyApi.Count(s, "listen", "reached") >= 1, seconds: 30);
        Assert.Equal(1, JourneyApi.Count(second, "start", "reached"));
        Assert.Equal(secondRunId, await entries.GetCurrentRunAsync(journeyId, data.Account(1)));
        Assert.Equal(runId, await entries.GetCurrentRunAsync(journeyId, data.Account(0)));
    }

    [Fact]
    public async Task A_listen_does_not_hear_the_event_of_the_action_that_took_its_account_there()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse($$"""
            { "name": "own event", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(data, 1)}}] } },
                { "id": "stage", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Stage", "value": "hot" } },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "account", "type": "dataValueChange", "attribute": "Stage", "value": "hot" }, "timeout": "PT8S" },
                { "id": "heard", "type": "end" }, { "id": "timed-out", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "stage" }, { "from": "stage", "to": "listen" },
                { "from": "listen", "to": "heard", "path": "event" }, { "from": "listen", "to": "timed-out", "path": "timeout" } ] }
            """));
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);

        // The action's event was raised before the account arrived at the listen (it waits in journey-events meanwhile).
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl, s => s["status"]?.GetValue<string>() == "Completed", seconds: 90);
        Assert.Equal(1, JourneyApi.Count(status, "timed-out", "reached"));
        Assert.Equal(0, JourneyApi.Count(status, "heard", "reached"));
        Assert.Equal("hot", (await data.AccountAsync(0)).GetString("Stage"));
    }

    [Fact]
    public async Task Two_groups_meeting_at_a_merge_continue_as_one_group()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 4, people: 1); // accounts 0 and 2 are Software
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse($$"""
            { "name": "merge", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(data, 4)}}] } },
                { "id": "industry", "type": "splitByAccount", "otherPath": true,
                  "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] } ] },
                { "id": "software-tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "s" } },
                { "id": "other-tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "o" } },
                { "id": "merge", "type": "merge" },
                { "id": "after", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Merged", "value": "yes" } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "industry" },
                { "from": "industry", "to": "software-tier", "path": "software" }, { "from": "industry", "to": "other-tier", "path": "other" },
                { "from": "software-tier", "to": "merge" }, { "from": "other-tier", "to": "merge" },
                { "from": "merge", "to": "after" }, { "from": "after", "to": "end" } ] }
            """));
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl);

        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString());
        Assert.Equal(4, JourneyApi.Count(status, "merge", "left"));
        Assert.Equal(4, JourneyApi.Count(status, "end", "reached"));
        // Each activity call journals into a partition of its own: one call for the merged group.
        Assert.Equal(4, (await data.EffectsAsync(runId)).Count(e => e.NodeId == "after"));
        Assert.Single(await data.EffectPartitionsAsync(runId, "after"));
    }

    [Fact]
    public async Task A_failed_run_names_the_node_and_releases_its_accounts_at_once_in_every_batch()
    {
        var data = new TestData();
        // One account per batch: account 0 (Software) fails at the email in its batch while account 1 waits a day in another.
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string> { ["JourneyBatchSize"] = "1" });
        await data.SeedAsync(accounts: 2, people: 1);
        string workspace = data.Prefix + "ws";
        await new MarketoEngageStore(data.Storage).AddEmailAsync(new MarketoEmail(workspace, "hello", "Hi", "Hello"));
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse($$"""
            { "name": "fails", "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{Accounts(data, 2)}}] } },
                { "id": "industry", "type": "splitByAccount", "otherPath": true,
                  "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] } ] },
                { "id": "pause", "type": "wait", "duration": "PT2S" },
                { "id": "mail", "type": "action", "action": "sendEmail", "settings": { "workspace": "{{workspace}}", "emailName": "hello" } },
                { "id": "hold", "type": "wait", "duration": "P1D" },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "industry" },
                { "from": "industry", "to": "pause", "path": "software" }, { "from": "industry", "to": "hold", "path": "other" },
                { "from": "pause", "to": "mail" }, { "from": "mail", "to": "end" }, { "from": "hold", "to": "end" } ] }
            """));
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        // The email goes away after publishing: the action fails on every retry.
        await data.Storage.Table(TableNames.MarketoEngage).DeleteEntityAsync("~emails~" + TableKey.ForName(workspace), TableKey.ForName("hello"));
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl, seconds: 120);

        Assert.True(status["status"]!.GetValue<string>() == "Failed", status.ToJsonString());
        Assert.Equal(2, status["batches"]!.GetValue<int>());
        JsonNode failure = status["failure"]!;
        Assert.Equal("mail", failure["nodeId"]!.GetValue<string>());
        Assert.Equal((1, 1), (JourneyApi.Count(status, "mail", "current"), JourneyApi.Count(status, "hold", "current"))); // counts stay as they stopped
        Assert.Contains("no longer has the email", failure["message"]!.GetValue<string>(), StringComparison.Ordinal);
        foreach (int account in new[] { 0, 1 })
        {
            Assert.Null(await new JourneyEntryStore(data.Storage).GetCurrentRunAsync(journeyId, data.Account(account)));
        }
    }
}
