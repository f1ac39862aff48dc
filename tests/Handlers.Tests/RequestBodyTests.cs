using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>How request bodies are read: a leading UTF-8 byte order mark is ignored, anything else malformed is a 400.</summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task A_leading_byte_order_mark_is_ignored()
    {
        (JsonObject? value, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(1, (int)value!["a"]!);
    }

    [Fact]
    public async Task An_optional_body_of_only_a_byte_order_mark_is_no_body()
    {
        (JsonObject? value, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request([0xEF, 0xBB, 0xBF]), CancellationToken.None, optional: true);

        Assert.Null(error);
        Assert.Null(value);
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' })] // a second mark is text, not JSON
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'{', 0, (byte)'}' })] // UTF-16: bodies are UTF-8
    public async Task Anything_else_before_the_JSON_is_malformed(byte[] body)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request(body), CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsAssignableFrom<IStatusCodeHttpResult>(error).StatusCode);
    }

    [Fact]
    public async Task An_optional_member_of_a_journey_given_as_null_counts_as_absent()
    {
        byte[] body = """
            { "name": "n", "description": null, "nodes": [
                { "id": "s", "type": "start", "audience": { "accounts": ["a1"] }, "startAt": null, "reentry": null },
                { "id": "split", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [] } ], "otherPath": null },
                { "id": "l", "type": "listenForEvent", "event": { "scope": "account", "type": "accountDataChange" }, "timeoutPath": null } ],
              "edges": [] }
            """u8.ToArray();

        (JourneyDefinition? journey, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(body), CancellationToken.None);

        Assert.Null(error);
        Assert.Null(journey!.Nodes[1].OtherPath);
        Assert.Null(journey.Nodes[2].TimeoutPath);
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = "application/json; charset=utf-8";
        return context.Request;
    }
}
