using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>The admin's sync settings over HTTP on the local host: validation, the switch in the status, the recorded history.</summary>
public sealed class SyncAdminTests
{
    [Fact]
    public async Task The_admin_switches_the_sync_off_and_on_and_every_change_is_in_the_history()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        JsonNode defaults = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/settings", UriKind.Relative)))!;
        Assert.True(defaults["enabled"]!.GetValue<bool>());
        Assert.Equal(0, defaults["version"]!.GetValue<int>());

        using HttpResponseMessage bad = await PutAsync(host, """{ "maxPeoplePerMinute": "fast", "salesforceTaskTypes": ["sendSalesFax"] }""");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        JsonNode problem = JsonNode.Parse(await bad.Content.ReadAsStringAsync())!;
        Assert.Equal(["maxPeoplePerMinute", "salesforceTaskTypes[0]"], problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));

        // A throttle no step reaches: the re-sync below must end within the wait, however many people other tests stored.
        using HttpResponseMessage off = await PutAsync(host, """{ "enabled": false, "maxPeoplePerMinute": 9000000 }""", principal: "ann@example.com");
        Assert.Equal(HttpStatusCode.OK, off.StatusCode);
        JsonNode status = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/status", UriKind.Relative)))!;
        Assert.False(status["enabled"]!.GetValue<bool>(), status.ToJsonString());
        Assert.Equal("ann@example.com", status["switchedOff"]!["by"]!.GetValue<string>());

        using HttpResponseMessage on = await PutAsync(host, """{ "enabled": true, "changedBy": "bob" }""");
        JsonNode switchedOn = JsonNode.Parse(await on.Content.ReadAsStringAsync())!;
        Assert.Equal("started", switchedOn["resync"]!.GetValue<string>());

        JsonNode history = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/settings/history?pageSize=1", UriKind.Relative)))!;
        Assert.Equal("bob", history["items"]![0]!["changedBy"]!.GetValue<string>());
        Assert.Equal("enabled", history["items"]![0]!["changes"]![0]!["field"]!.GetValue<string>());
        string next = history["nextUrl"]!.GetValue<string>();
        JsonNode older = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri(next)))!;
        Assert.Equal("ann@example.com", older["items"]![0]!["changedBy"]!.GetValue<string>());
        Assert.Equal(9_000_000, older["items"]![0]!["settings"]!["maxPeoplePerMinute"]!.GetValue<int>());

        // The re-sync switching on started is in the run history, complete with its totals, once it ends.
        JsonNode runs = await Eventually.ReadAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/runs", UriKind.Relative)))!,
            r => r["items"]!.AsArray().Any(run => run!["status"]!.GetValue<string>() == "Completed"));
        JsonNode completed = runs["items"]!.AsArray().First(run => run!["status"]!.GetValue<string>() == "Completed")!;
        Assert.True(completed["durationSeconds"]!.GetValue<double>() >= 0, runs.ToJsonString() + host.Output);
        Assert.NotNull(completed["skipped"]!["noOwner"]);
        JsonNode rejections = (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/rejections?pageSize=5", UriKind.Relative)))!;
        Assert.NotNull(rejections["items"]);
        using HttpResponseMessage badPage = await host.Http.GetAsync(new Uri("sync/runs?pageSize=0", UriKind.Relative));
        Assert.Equal(HttpStatusCode.BadRequest, badPage.StatusCode);
    }

    [Fact]
    public async Task A_sync_paused_by_the_switch_goes_on_when_switched_back_on()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        using HttpResponseMessage off = await PutAsync(host, """{ "enabled": false }""");
        using HttpResponseMessage started = await host.Http.PostAsync(new Uri("sync/initial", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Accepted, started.StatusCode);
        JsonNode paused = await Eventually.ReadAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/status", UriKind.Relative)))!,
            s => s["status"]!.GetValue<string>() == "Paused");
        Assert.Equal("Paused", paused["status"]!.GetValue<string>());

        using HttpResponseMessage on = await PutAsync(host, """{ "enabled": true }""");

        // Before the fix every pause hung the orchestration: the run stayed Paused, then Running, and never ended.
        Assert.Equal("running", JsonNode.Parse(await on.Content.ReadAsStringAsync())!["resync"]!.GetValue<string>());
        JsonNode status = await Eventually.ReadAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonNode>(new Uri("sync/status", UriKind.Relative)))!,
            s => s["status"]!.GetValue<string>() == "Completed",
            seconds: 90);
        Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString());
    }

    private static Task<HttpResponseMessage> PutAsync(DevHostProcess host, string json, string? principal = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, new Uri("sync/settings", UriKind.Relative)) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (principal is not null)
        {
            request.Headers.Add("X-MS-CLIENT-PRINCIPAL-NAME", principal);
        }

        return host.Http.SendAsync(request);
    }
}
