using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>The journey API as a client uses it: create, publish, start, poll.</summary>
public static class JourneyApi
{
    public static async Task<string> CreateAndPublishAsync(HttpClient http, JsonObject journey)
    {
        using HttpResponseMessage created = await http.PostAsJsonAsync(new Uri("journeys", UriKind.Relative), journey);
        string body = await created.Content.ReadAsStringAsync();
        Assert.True(created.StatusCode == HttpStatusCode.Created, body);
        string id = JsonNode.Parse(body)!["id"]!.GetValue<string>();
        Assert.EndsWith($"/api/journeys/{id}", created.Headers.Location?.ToString(), StringComparison.Ordinal);
        using HttpResponseMessage published = await http.PostAsync(new Uri($"journeys/{id}/publish", UriKind.Relative), null);
        Assert.True(published.StatusCode == HttpStatusCode.OK, await published.Content.ReadAsStringAsync());
        return id;
    }

    /// <summary>Starts a run and returns its status URL (the 202's Location).</summary>
    public static async Task<(string RunId, Uri StatusUrl)> StartRunAsync(HttpClient http, string journeyId)
    {
        using HttpResponseMessage started = await http.PostAsync(new Uri($"journeys/{journeyId}/runs", UriKind.Relative), null);
        string body = await started.Content.ReadAsStringAsync();
        Assert.True(started.StatusCode == HttpStatusCode.Accepted, body);
        JsonNode run = JsonNode.Parse(body)!;
        Assert.Equal(run["statusUrl"]!.GetValue<string>(), started.Headers.Location!.ToString());
        return (run["runId"]!.GetValue<string>(), new Uri(run["statusUrl"]!.GetValue<string>()));
    }

    public static async Task<JsonNode> StatusAsync(HttpClient http, Uri statusUrl) =>
        JsonNode.Parse(await http.GetStringAsync(statusUrl))!;

    /// <summary>Polls until the run is no longer running, or until <paramref name="until"/> holds.</summary>
    public static async Task<JsonNode> PollAsync(HttpClient http, Uri statusUrl, Func<JsonNode, bool>? until = null, int seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        JsonNode status;
        do
        {
            status = await StatusAsync(http, statusUrl);
            string state = status["status"]!.GetValue<string>();
            if (until?.Invoke(status) ?? state is not ("Running" or "Pending"))
            {
                return status;
            }

            await Task.Delay(300);
        }
        while (DateTime.UtcNow < deadline);
        throw new TimeoutException($"Run did not reach the expected state: {status.ToJsonString()}");
    }

    public static int Count(JsonNode status, string node, string counter) =>
        status["nodes"]?[node]?[counter]?.GetValue<int>() ?? 0;

    public static JsonObject Parse(string json) => JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = true })!.AsObject();
}
