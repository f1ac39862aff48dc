using JourneyFunctions.Testing;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>Journey lifecycle through the API: versions pinned to runs, close, abort, re-entry.</summary>
public sealed class LifecycleTests
{
    private static JsonObject ScoreJourney(TestData data, int change, string wait = "PT1S", string reentry = "") => JourneyApi.Parse($$"""
        { "name": "lifecycle", "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["{{data.Account(0)}}"] } {{reentry}} },
            { "id": "pause", "type": "wait", "duration": "{{wait}}" },
            { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "v", "change": {{change}} } },
            { "id": "end", "type": "end" } ],
          "edges": [ { "from": "start", "to": "pause" }, { "from": "pause", "to": "score" }, { "from": "score", "to": "end" } ] }
        """);

    [Fact]
    public async Task A_run_keeps_its_version_when_a_newer_one_is_published()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, ScoreJourney(data, change: 1, wait: "PT3S"));
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);

        using HttpResponseMessage edited = await host.Http.PutAsJsonAsync(new Uri($"journeys/{journeyId}", UriKind.Relative), ScoreJourney(data, change: 100));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        using HttpResponseMessage republished = await host.Http.PostAsync(new Uri($"journeys/{journeyId}/publish", UriKind.Relative), null);
        Assert.Contains("\"version\":2", await republished.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl);

        Assert.Equal(1, status["version"]!.GetValue<int>());
        Assert.Equal(1, (await data.PersonAsync(0, 0)).GetDouble("Score_v"));
        // Each version keeps its definition; a version is a whole number however it is written.
        foreach ((string asked, int change) in new[] { ("1", 1), ("01", 1), ("+1", 1), ("2", 100) })
        {
            JsonNode version = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri($"journeys/{journeyId}/versions/{asked}", UriKind.Relative)))!;
            Assert.Equal(change == 1 ? 1 : 2, version["version"]!.GetValue<int>());
            Assert.Contains($"\"change\":{change}", version["definition"]!.ToJsonString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task A_closed_journey_refuses_new_runs_and_finishes_when_its_runs_end()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, ScoreJourney(data, change: 1));
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);

        using HttpResponseMessage closed = await host.Http.PostAsync(new Uri($"journeys/{journeyId}/close", UriKind.Relative), null);
        using HttpResponseMessage refused = await host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null);
        JsonNode run = await JourneyApi.PollAsync(host.Http, statusUrl);
        JsonNode journey = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"journeys/{journeyId}", UriKind.Relative)))!;

        Assert.Equal(HttpStatusCode.OK, closed.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Equal("Completed", run["status"]!.GetValue<string>());
        Assert.Equal("finished", journey["status"]!.GetValue<string>());

        // Closing it again changes nothing: a finished journey is a closed one whose runs ended.
        using HttpResponseMessage again = await host.Http.PostAsync(new Uri($"journeys/{journeyId}/close", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal("finished", JsonNode.Parse(await again.Content.ReadAsStringAsync())!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Aborting_stops_runs_in_flight_before_their_next_step()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, ScoreJourney(data, change: 1, wait: "PT30S"));
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        await JourneyApi.PollAsync(host.Http, statusUrl, s => JourneyApi.Count(s, "pause", "current") == 1);

        using HttpResponseMessage aborted = await host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null);
        JsonNode run = await JourneyApi.PollAsync(host.Http, statusUrl);

        Assert.Contains("\"runsStopped\":1", await aborted.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("Terminated", run["status"]!.GetValue<string>());
        Assert.Null((await data.PersonAsync(0, 0)).GetDouble("Score_v"));
    }

    [Fact]
    public async Task An_abort_racing_a_run_start_leaves_no_run_or_batch_going()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string[] journeys = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => JourneyApi.CreateAndPublishAsync(host.Http, ScoreJourney(data, change: 1, wait: "PT3S"))));

        // The start and the abort of each journey sent together: before the fix, most runs went on (the abort did not
        // see them in Durable yet, or listed their batches before the run started them).
        HttpResponseMessage[][] answers = await Task.WhenAll(journeys.Select(journeyId => Task.WhenAll(
            host.Http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null),
            host.Http.PostAsync(new Uri($"journeys/{journeyId}/abort", UriKind.Relative), null))));
        Assert.All(answers, pair => Assert.Equal(HttpStatusCode.OK, pair[1].StatusCode));
        Array.ForEach([.. answers.SelectMany(pair => pair)], answer => answer.Dispose());
        await Task.Delay(TimeSpan.FromSeconds(6)); // past the wait, where a run left going changes the score

        foreach (string journeyId in journeys)
        {
            JsonNode runs = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative)))!;
            foreach (JsonNode? run in runs["items"]!.AsArray())
            {
                JsonNode status = await JourneyApi.PollAsync(host.Http, new Uri($"runs/{run!["runId"]!.GetValue<string>()}", UriKind.Relative));
                Assert.Equal("Terminated", status["status"]!.GetValue<string>());
            }
        }

        Assert.Null((await data.PersonAsync(0, 0)).GetDouble("Score_v"));
    }

    [Theory]
    [InlineData("", 1)]
    [InlineData(""", "reentry": { "enabled": true, "waitPeriod": "PT1S", "maxEntries": 2 }""", 2)]
    public async Task An_account_enters_again_only_when_reentry_allows(string reentry, int expectedScore)
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, ScoreJourney(data, change: 1, reentry: reentry));

        for (int run = 0; run < 3; run++)
        {
            (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
            await JourneyApi.PollAsync(host.Http, statusUrl);
            await Task.Delay(1100); // past the re-entry wait period
        }

        Assert.Equal(expectedScore, (await data.PersonAsync(0, 0)).GetDouble("Score_v"));
    }
}
