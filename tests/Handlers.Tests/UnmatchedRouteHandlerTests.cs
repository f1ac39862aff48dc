using System.Text.Json.Nodes;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>What the catch-all function answers for a request no route and method of the API takes.</summary>
public sealed class UnmatchedRouteHandlerTests
{
    private static readonly ApiRoute[] Routes =
    [
        new("journeys", ["get"]),
        new("journeys", ["post"]),
        new("journeys/{journeyId}", ["get", "put"]),
        new("journeys/validate", ["post"]),
        new("journeys/{journeyId}/versions/{version:int}", ["get"]),
    ];

    [Theory]
    [InlineData("DELETE", "/api/journeys", "GET, POST")]
    [InlineData("PATCH", "/api/journeys/j1", "GET, PUT")]
    [InlineData("HEAD", "/api/Journeys/j1/", "GET, PUT")]
    [InlineData("DELETE", "/api/journeys/validate", "POST")] // the literal route owns its path; GET and PUT answer the same themselves
    public async Task A_route_of_other_methods_is_a_405_naming_them(string method, string path, string allow)
    {
        (HttpContext context, JsonObject problem) = await HandleAsync(method, path);

        Assert.Equal(405, context.Response.StatusCode);
        Assert.Equal(allow, context.Response.Headers.Allow.ToString());
        Assert.Equal("urn:journeyfunctions:problem:method-not-allowed", problem["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/api/nothing/here")]
    [InlineData("POST", "/api/journeys/j1/publish/now")]
    [InlineData("GET", "/api/journeys/j1/versions/abc")] // the route takes GET; its constraint refused the version
    [InlineData("GET", "/api")]
    public async Task Anything_else_is_a_404(string method, string path)
    {
        (HttpContext context, JsonObject problem) = await HandleAsync(method, path);

        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("urn:journeyfunctions:problem:not-found", problem["type"]!.GetValue<string>());
        Assert.Equal("", context.Response.Headers.Allow.ToString());
    }

    [Theory]
    [InlineData("GET", "validate")]
    [InlineData("PUT", "Validate")]
    public async Task The_journey_routes_answer_another_method_on_validate_with_the_same_405(string method, string journeyId)
    {
        (HttpContext context, JsonObject problem) = await HandleAsync(method, "/api/journeys/" + journeyId, request => method == "GET"
            ? new GetJourneyHandler(null!).HandleAsync(request, journeyId, CancellationToken.None)
            : new UpdateJourneyHandler(null!, null!).HandleAsync(request, journeyId, CancellationToken.None));

        Assert.Equal((405, "POST"), (context.Response.StatusCode, context.Response.Headers.Allow.ToString()));
        Assert.Equal("urn:journeyfunctions:problem:method-not-allowed", problem["type"]!.GetValue<string>());
    }

    private static Task<(HttpContext, JsonObject)> HandleAsync(string method, string path) =>
        HandleAsync(method, path, request => Task.FromResult(UnmatchedRouteHandler.Handle(request, Routes)));

    private static async Task<(HttpContext, JsonObject)> HandleAsync(string method, string path, Func<HttpRequest, Task<IResult>> handler)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Method = method;
        context.Request.Path = path;
        context.Response.Body = new MemoryStream();
        await (await handler(context.Request)).ExecuteAsync(context);
        context.Response.Body.Position = 0;
        return (context, JsonNode.Parse(context.Response.Body)!.AsObject());
    }
}
