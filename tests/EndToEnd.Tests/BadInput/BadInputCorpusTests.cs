using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests.BadInput;

/// <summary>
/// The bad-input corpus (<c>cases.json</c>): every HTTP route and queue given broken, oversized, null, out-of-range,
/// forged and concurrent input. Each case expects its status, a problem details body (RFC 9457) that names the field
/// where one is given (and its problem type where one is given) and no internal type, and a host still answering afterwards; a queue case expects its message
/// in the poison queue.
/// </summary>
public sealed class BadInputCorpusTests(BadInputCorpus corpus) : IClassFixture<BadInputCorpus>
{
    public static TheoryData<string> CaseNames { get; } = [.. BadInputCorpus.Cases.Select(c => (string)c["name"]!)];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Case(string name)
    {
        JsonObject c = BadInputCorpus.Cases.Single(x => (string?)x["name"] == name);
        try
        {
            if ((string)c["method"]! == "QUEUE")
            {
                await QueueCaseAsync(c);
            }
            else
            {
                await HttpCaseAsync(c);
            }

            await AssertAliveAsync();
            corpus.Record(passed: true);
        }
        catch
        {
            corpus.Record(passed: false);
            throw;
        }
    }

    private async Task HttpCaseAsync(JsonObject c)
    {
        string path = await corpus.ResolveAsync((string)c["path"]!);
        string? body = await BodyAsync(c);
        int parallel = (int?)c["parallel"] ?? 1;
        int[] allowed = c["statuses"] is JsonArray many ? [.. many.Select(s => (int)s!)] : [(int)c["status"]!];
        HttpResponseMessage[] responses = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => SendAsync((string)c["method"]!, path, body)));
        try
        {
            foreach (HttpResponseMessage response in responses)
            {
                string text = await response.Content.ReadAsStringAsync();
                Assert.True(allowed.Contains((int)response.StatusCode), $"{(int)response.StatusCode} is not one of {string.Join(", ", allowed)}: {text}");
                if ((int)response.StatusCode >= 400)
                {
                    AssertProblem(response, text, (int)response.StatusCode, (string?)c["field"], (string?)c["type"]);
                }
            }

            if (parallel > 1)
            {
                Assert.Contains(responses, r => r.IsSuccessStatusCode); // one of them wins
            }
        }
        finally
        {
            foreach (HttpResponseMessage response in responses)
            {
                response.Dispose();
            }
        }
    }

    private static void AssertProblem(HttpResponseMessage response, string text, int status, string? field, string? type)
    {
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        JsonObject problem = JsonNode.Parse(text)!.AsObject();
        Assert.StartsWith("urn:journeyfunctions:problem:", (string)problem["type"]!, StringComparison.Ordinal);
        if (type is not null)
        {
            Assert.Equal("urn:journeyfunctions:problem:" + type, (string)problem["type"]!);
        }

        Assert.False(string.IsNullOrEmpty((string?)problem["title"]));
        Assert.Equal(status, (int)problem["status"]!);
        Assert.False(string.IsNullOrEmpty((string?)problem["detail"]));
        Assert.DoesNotContain("System.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("JourneyFunctions.", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", text, StringComparison.Ordinal);
        if (field is not null)
        {
            JsonArray errors = problem["errors"]?.AsArray() ?? throw new Xunit.Sdk.XunitException($"no errors[] naming '{field}': {text}");
            Assert.True(errors.Any(e => ((string?)e!["field"])?.Contains(field, StringComparison.Ordinal) == true), $"no error names '{field}': {text}");
        }
    }

    private async Task<string?> BodyAsync(JsonObject c)
    {
        string? body = c["raw"] is JsonNode raw ? (string)raw!
            : c["generate"] is JsonNode generate ? Journeys.Generate((string)generate!)
            : c["middle"] is not null || c["start"] is not null ? Patched(c)
            : c.ContainsKey("body") ? c["body"]?.ToJsonString() ?? "null"
            : null;
        if (body is not null && c["rawReplace"] is JsonArray replace)
        {
            body = body.Replace((string)replace[0]!, (string)replace[1]!, StringComparison.Ordinal);
            Assert.Contains((string)replace[1]!, body, StringComparison.Ordinal);
        }

        return body is null ? null : await corpus.ResolveAsync(body);
    }

    /// <summary>A valid linear journey with the case's middle node, start settings and top-level members.</summary>
    private static string Patched(JsonObject c)
    {
        JsonObject journey = Journeys.Linear(c["middle"] ?? new JsonObject { ["id"] = "m", ["type"] = "merge" }, c["start"]?.AsObject());
        foreach ((string name, JsonNode? value) in c["patch"]?.AsObject() ?? [])
        {
            journey[name] = value?.DeepClone();
        }

        return journey.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });
    }

    private async Task<HttpResponseMessage> SendAsync(string method, string path, string? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        return await corpus.Host.Http.SendAsync(request);
    }

    private static async Task QueueCaseAsync(JsonObject c)
    {
        string marker = "corpus-" + Guid.NewGuid().ToString("N");
        string message = ((string)c["message"]!).Replace("{marker}", marker, StringComparison.Ordinal);
        var storage = new StorageAccount(TestStorage.ConnectionString);
        string queue = (string)c["path"]!;
        QueueClient target = (string)c["encoding"]! == "raw" ? storage.RawQueues.GetQueueClient(queue) : storage.Queue(queue);
        await target.SendMessageAsync(message);
        // Raw: the poison copy is the body as it was sent, base64 or not.
        QueueClient poison = storage.RawQueues.GetQueueClient(queue + "-poison");
        bool arrived = await Eventually.ReadAsync(
            async () => (await poison.PeekMessagesAsync(32)).Value.Any(m => Text(m.Body.ToString()).Contains(marker, StringComparison.Ordinal)), found => found);
        Assert.True(arrived, $"message {marker} did not reach {poison.Name}");
        // Leave the poison queue short, so the next case's peek sees its own message.
        await poison.ClearMessagesAsync();
    }

    /// <summary>A queue body's text: decoded when it is base64 of UTF-8, else as it is.</summary>
    private static string Text(string body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(body));
        }
        catch (Exception e) when (e is FormatException or DecoderFallbackException)
        {
            return body;
        }
    }

    private async Task AssertAliveAsync()
    {
        using HttpResponseMessage alive = await corpus.Host.Http.GetAsync(new Uri("journeys?pageSize=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }
}
