using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>Final lifecycle states, "finished" recorded by the engine, concurrent transitions, and events a run no longer takes.</summary>
public sealed class LifecycleConflictTests
{
    private static readonly string[] Transitions = ["publish", "close", "abort", "publish", "close", "abort", "publish", "abort"];

    private static JsonObject Journey(TestData data, string wait) => JourneyApi.Parse($$"""
        { "name": "final", "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["{{data.Account(0)}}"] } },
            { "id": "pause", "type": "wait", "duration": "{{wait}}" },
            { "id": "end", "type": "end" } ],
          "edges": [ { "from": "start", "to": "pause" }, { "from": "pause", "to": "end" } ] }
        """);

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(HttpClient http, string path, object? body = null)
    {
        using HttpResponseMessage response = body is null
            ? await http.PostAsync(new Uri(path, UriKind.Relative), null)
            : await http.PostAsJsonAsync(new Uri(path, UriKind.Relative), body);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("close")]
    [InlineData("abort")]
    public async Task A_closed_or_aborted_journey_never_publishes_its_pending_draft(string transition)
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, Journey(data, "PT1S"));
        using HttpResponseMessage edited = await host.Http.PutAsJsonAsync(new Uri($"journeys/{journeyId}", UriKind.Relative), Journey(data, "PT2S"));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);

        (HttpStatusCode ended, string answer) = await PostAsync(host.Http, $"journeys/{journeyId}/{transition}");
        Assert.Equal(HttpStatusCode.OK, ended);
        // The answer's journey is the journey as GET shows it, its left-over draft included.
        JsonNode answered = JsonNode.Parse(answer)!;
        JsonNode got = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"journeys/{journeyId}", UriKind.Relative)))!;
        Assert.Equal(got["draft"]!.ToJsonString(), (transition == "abort" ? answered["journey"]! : answered)["draft"]?.ToJsonString());
        (HttpStatusCode status, string body) = await PostAsync(host.Http, $"journeys/{journeyId}/publish");

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("only a draft or live journey can be published", body, StringComparison.Ordinal);
        JourneyInfo stored = (await new JourneyStore(data.Storage).GetAsync(journeyId))!;
        Assert.Equal(1, stored.LatestVersion);
        Assert.NotEqual(JourneyStatus.Live, stored.Status);
    }

    [Fact]
    public async Task The_engine_records_finished_when_the_last_run_of_a_closed_journey_ends()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, Journey(data, "PT3S"));
        (_, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(host.Http, $"journeys/{journeyId}/close")).Status);
        var store = new JourneyStore(data.Storage);
        Assert.Equal(JourneyStatus.Closed, (await store.GetAsync(journeyId))!.Status);

        await JourneyApi.PollAsync(host.Http, statusUrl);

        // Read from storage, not through the API: no reader is needed for the journey to become finished.
        Assert.Equal(JourneyStatus.Finished, (await store.GetAsync(journeyId))!.Status);
    }

    [Fact]
    public async Task Concurrent_transitions_of_one_journey_get_one_winner_and_conflicts_never_500()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, Journey(data, "PT1S"));
        using HttpResponseMessage edited = await host.Http.PutAsJsonAsync(new Uri($"journeys/{journeyId}", UriKind.Relative), Journey(data, "PT2S"));

        (HttpStatusCode Status, string Body)[] answers = await Task.WhenAll(
            Transitions.Select(t => PostAsync(host.Http, $"journeys/{journeyId}/{t}")));

        Assert.All(answers, a => Assert.True(a.Status is HttpStatusCode.OK or HttpStatusCode.Conflict, $"{a.Status}: {a.Body}"));
        Assert.Contains(answers, a => a.Status == HttpStatusCode.OK);
        JourneyInfo stored = (await new JourneyStore(data.Storage).GetAsync(journeyId))!;
        // Closing a journey without runs finishes it; either way the end state is final and publishes no more.
        Assert.Contains(stored.Status, new[] { JourneyStatus.Aborted, JourneyStatus.Finished });
        Assert.Equal(HttpStatusCode.Conflict, (await PostAsync(host.Http, $"journeys/{journeyId}/publish")).Status);
    }

    [Fact]
    public async Task Edits_of_one_draft_at_once_all_get_through_and_one_of_them_is_kept()
    {
        var data = new TestData();
        await data.Storage.EnsureCreatedAsync(); // a fresh Azurite has no tables until a host or a seed creates them
        var journeys = new JourneyStore(data.Storage);
        JourneyInfo draft = await journeys.CreateAsync(new JourneyDefinition { Name = "edited" });
        string[] names = [.. Enumerable.Range(0, 24).Select(i => $"edit {i}")];

        JourneyInfo?[] edited = await Task.WhenAll(names.Select(name => Task.Run(() => journeys.UpdateDraftAsync(draft.Id, new JourneyDefinition { Name = name }))));

        Assert.All(edited, Assert.NotNull);
        Assert.Contains((await journeys.GetAsync(draft.Id))!.Name, names);
    }

    [Fact]
    public async Task Events_for_an_ended_run_a_stranger_or_a_non_journey_run_are_refused()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, Journey(data, "PT2S"));
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        await JourneyApi.PollAsync(host.Http, statusUrl, s => JourneyApi.Count(s, "pause", "current") == 1);

        var stranger = new { scope = "people", type = "personDataChange", accountId = data.Account(0), personId = data.Person(5, 5) };
        (HttpStatusCode strangerStatus, string strangerBody) = await PostAsync(host.Http, $"runs/{runId}/events", stranger);
        // An account event may name a person too; one who is not in the account is a 404 as well, not ignored.
        (HttpStatusCode accountStrangerStatus, _) = await PostAsync(host.Http, $"runs/{runId}/events", stranger with { scope = "account", type = "dataValueChange" });
        (HttpStatusCode batchStatus, _) = await PostAsync(host.Http, $"runs/{runId}:b00000/events", new { scope = "account", type = "dataValueChange", accountId = data.Account(0) });
        using HttpResponseMessage batchRun = await host.Http.GetAsync(new Uri($"runs/{runId}:b00000", UriKind.Relative));
        using HttpResponseMessage batchAccounts = await host.Http.GetAsync(new Uri($"runs/{runId}:b00000/nodes/pause/accounts", UriKind.Relative));
        using HttpResponseMessage batchDeliveries = await host.Http.GetAsync(new Uri($"runs/{runId}:b00000/deliveries", UriKind.Relative));
        await JourneyApi.PollAsync(host.Http, statusUrl);
        (HttpStatusCode endedStatus, string endedBody) = await PostAsync(host.Http, $"runs/{runId}/events", new { scope = "account", type = "dataValueChange", accountId = data.Account(0) });

        Assert.Equal(HttpStatusCode.NotFound, strangerStatus);
        Assert.Contains(data.Person(5, 5), strangerBody, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, accountStrangerStatus);
        Assert.Equal(HttpStatusCode.NotFound, batchStatus);
        Assert.Equal(HttpStatusCode.NotFound, batchRun.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, batchAccounts.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, batchDeliveries.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, endedStatus);
        Assert.Contains("has ended", endedBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_event_for_a_run_still_waiting_for_its_start_time_is_a_409_not_a_404()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 1, people: 1);
        JsonObject journey = Journey(data, "PT1S");
        journey["nodes"]![0]!["startAt"] = DateTimeOffset.UtcNow.AddMinutes(5).ToString("O");
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, journey);
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        // Running, its audience not taken until the start time.
        await JourneyApi.PollAsync(host.Http, statusUrl, s => s["status"]!.GetValue<string>() == "Running");

        (HttpStatusCode status, string body) = await PostAsync(host.Http, $"runs/{runId}/events", new { scope = "account", type = "dataValueChange", accountId = data.Account(0) });

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("still taking its audience", body, StringComparison.Ordinal);
    }
}
