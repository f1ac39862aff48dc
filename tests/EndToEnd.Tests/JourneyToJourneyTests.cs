using System.Text.Json.Nodes;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>"Add account to journey" and "remove account from journey" on the local host: one journey's actions start and stop another's runs.</summary>
public sealed class JourneyToJourneyTests
{
    private static JsonObject OneAction(string name, IEnumerable<string> accounts, string action, string settings, string wait = "PT1S") => JourneyApi.Parse($$"""
        { "name": "{{name}}", "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": [{{string.Join(",", accounts.Select(a => $"\"{a}\""))}}] } },
            { "id": "pause", "type": "wait", "duration": "{{wait}}" },
            { "id": "act", "type": "action", "action": "{{action}}", "settings": {{settings}} },
            { "id": "end", "type": "end" } ],
          "edges": [ { "from": "start", "to": "pause" }, { "from": "pause", "to": "act" }, { "from": "act", "to": "end" } ] }
        """);

    [Fact]
    public async Task An_added_account_runs_the_target_journey_and_a_removed_one_leaves_its_wait_at_once()
    {
        var data = new TestData();
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await data.SeedAsync(accounts: 2, people: 1);
        string target = await JourneyApi.CreateAndPublishAsync(host.Http,
            OneAction("target", [data.Account(9)], "changeScore", """{ "scoreName": "added", "change": 1 }""", wait: "PT90S"));
        string adder = await JourneyApi.CreateAndPublishAsync(host.Http,
            OneAction("adder", [data.Account(0), data.Account(1)], "addAccountToJourney", $$"""{ "journeyId": "{{target}}" }"""));
        string remover = await JourneyApi.CreateAndPublishAsync(host.Http,
            OneAction("remover", [data.Account(0)], "removeAccountFromJourney", $$"""{ "journeyId": "{{target}}" }"""));

        (_, Uri adding) = await JourneyApi.StartRunAsync(host.Http, adder);
        Assert.Equal(2, JourneyApi.Count(await JourneyApi.PollAsync(host.Http, adding), "act", "reached"));
        List<string> targetRuns = await RunsOfAsync(host, target, expected: 2);
        // Both added accounts are in the target's wait before the removal starts; the wait is long enough for the
        // remover's own run to finish first on a busy machine.
        foreach (string run in targetRuns)
        {
            await JourneyApi.PollAsync(host.Http, new Uri(host.BaseUrl, $"runs/{run}"), status => JourneyApi.Count(status, "pause", "current") == 1, seconds: 60);
        }

        (_, Uri removing) = await JourneyApi.StartRunAsync(host.Http, remover);
        Assert.Equal("Completed", (await JourneyApi.PollAsync(host.Http, removing))["status"]!.GetValue<string>());
        // The removed account leaves the 90 s wait at once, so its run completes while the other still waits.
        string[] soon = [];
        for (DateTime deadline = DateTime.UtcNow.AddSeconds(30); DateTime.UtcNow < deadline && !soon.Contains("Completed"); await Task.Delay(300))
        {
            JsonNode[] statuses = await Task.WhenAll(targetRuns.Select(run => JourneyApi.StatusAsync(host.Http, new Uri(host.BaseUrl, $"runs/{run}"))));
            soon = [.. statuses.Select(s => s["status"]!.GetValue<string>()).Order()];
        }

        Assert.Equal(["Completed", "Running"], soon);
        JsonNode[] finished = await Task.WhenAll(targetRuns.Select(run => JourneyApi.PollAsync(host.Http, new Uri(host.BaseUrl, $"runs/{run}"))));

        Assert.Equal([0, 1], finished.Select(s => JourneyApi.Count(s, "end", "reached")).Order());
        Assert.Null((await data.PersonAsync(0, 0)).GetDouble("Score_added"));
        Assert.Equal(1, (await data.PersonAsync(1, 0)).GetDouble("Score_added"));
    }

    private static async Task<List<string>> RunsOfAsync(DevHostProcess host, string journeyId, int expected)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            JsonArray runs = JsonNode.Parse(await host.Http.GetStringAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative)))!["items"]!.AsArray();
            if (runs.Count >= expected || DateTime.UtcNow > deadline)
            {
                Assert.True(runs.Count == expected, $"journey {journeyId} has runs {runs.ToJsonString()}\n{host.Output}");
                List<string> ids = runs.Select(r => r!["runId"]!.GetValue<string>()).ToList();
                // A run started by another journey's action is listed just before its orchestration is scheduled.
                foreach (string id in ids)
                {
                    while (await IsNotFoundAsync(host, $"runs/{id}") && DateTime.UtcNow < deadline)
                    {
                        await Task.Delay(300);
                    }
                }

                return ids;
            }

            await Task.Delay(300);
        }
    }

    private static async Task<bool> IsNotFoundAsync(DevHostProcess host, string path)
    {
        using HttpResponseMessage response = await host.Http.GetAsync(new Uri(path, UriKind.Relative));
        return response.StatusCode == System.Net.HttpStatusCode.NotFound;
    }
}
