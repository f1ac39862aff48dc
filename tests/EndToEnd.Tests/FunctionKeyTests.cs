using System.Net;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// A client written for the Functions host sends a function key (header x-functions-key, or ?code=): the local host
/// checks no keys, and answers such a request exactly as it answers one without a key; nor does it care which host name
/// the request's Host header gives (a reverse proxy's, or one without the port), as the Functions host does not. The
/// Durable sidecar's port serves the worker alone.
/// </summary>
public sealed class FunctionKeyTests
{
    [Fact]
    public async Task A_request_with_a_function_key_gets_the_same_answer_as_one_without()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, JourneyApi.Parse("""
            { "name": "keyed", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["a-keyed"] } }, { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "end" } ] }
            """));

        // Answers other tests cannot change between the three requests (the journey list and the people list are
        // shared by every test and grow while this one runs).
        foreach ((string method, string route) in new[]
        {
            ("GET", $"journeys/{journeyId}"), ("GET", "journeys/j-000000000000"), ("GET", "sales/people/999999999"),
            ("POST", "journeys/validate"), ("GET", "sync/status"),
        })
        {
            (HttpStatusCode Status, string Body) plain = await SendAsync(host, method, route, key: null, query: false);
            (HttpStatusCode Status, string Body) header = await SendAsync(host, method, route, key: "any-key", query: false);
            (HttpStatusCode Status, string Body) code = await SendAsync(host, method, route, key: "any-key", query: true);

            Assert.NotEqual(HttpStatusCode.Unauthorized, plain.Status);
            Assert.Equal(plain.Status, header.Status);
            Assert.Equal(plain.Status, code.Status);
            if (route != "sync/status")
            {
                // The sync status carries timings; the other answers are the same to the byte.
                Assert.Equal(plain.Body, header.Body);
                Assert.Equal(plain.Body, code.Body);
            }
        }

        foreach (string name in new[] { "localhost", "journeys.example.com", "127.0.0.1:1" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("journeys", UriKind.Relative));
            request.Headers.Host = name;
            using HttpResponseMessage response = await host.Http.SendAsync(request);
            Assert.Equal((HttpStatusCode.OK, name), (response.StatusCode, name));
        }
    }

    [Fact]
    public async Task The_sidecar_port_answers_no_api_request()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        using var sidecar = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.GrpcPort}/") };

        foreach (string path in new[] { "api/journeys", "api/sync/status", "api/ui/", "" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative))
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using HttpResponseMessage response = await sidecar.SendAsync(request);
            Assert.Equal((HttpStatusCode.NotFound, path), (response.StatusCode, path));
        }

        // The API itself is unchanged on its own port.
        using HttpResponseMessage api = await host.Http.GetAsync(new Uri("journeys", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
    }

    private static async Task<(HttpStatusCode, string)> SendAsync(DevHostProcess host, string method, string route, string? key, bool query)
    {
        string uri = query ? route + (route.Contains('?', StringComparison.Ordinal) ? "&" : "?") + "code=" + key : route;
        using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(uri, UriKind.Relative));
        if (key is not null && !query)
        {
            request.Headers.Add("x-functions-key", key);
        }

        if (method == "POST")
        {
            request.Content = new StringContent("{\"name\":\"keyed\",\"nodes\":[],\"edges\":[]}", System.Text.Encoding.UTF8, "application/json");
        }

        using HttpResponseMessage response = await host.Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }
}
