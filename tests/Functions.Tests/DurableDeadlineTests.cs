using System.Text.Json;
using Grpc.Core;
using JourneyFunctions.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Functions.Tests;

/// <summary>Routes that call the Durable client answer 503 when the task hub fails or does not answer, never 500 or nothing.</summary>
public sealed class DurableDeadlineTests
{
    [Theory]
    [InlineData(StatusCode.Unknown)]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.Internal)]
    public async Task A_task_hub_whose_backend_fails_is_a_503_naming_storage(StatusCode status)
    {
        (int code, JsonElement body) = await AnswerAsync(ResultActionResult.WithDeadline(Request(), _ => throw new RpcException(new Status(status, "Exception was thrown by handler."))));

        Assert.Equal(503, code);
        Assert.Equal("storageUnavailable", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_task_hub_that_does_not_answer_is_a_503_at_the_deadline()
    {
        Task<IActionResult> answer = ResultActionResult.WithDeadline(Request(), async ct =>
        {
            await Task.Delay(Timeout.Infinite, ct);
            return Results.Ok();
        }, TimeSpan.FromMilliseconds(200));

        (int code, JsonElement body) = await AnswerAsync(answer);

        Assert.Equal(503, code);
        Assert.Equal("storageUnavailable", body.GetProperty("reason").GetString());
    }

    [Fact]
    public async Task A_failure_that_is_not_the_backend_stays_a_500()
    {
        (int code, _) = await AnswerAsync(ResultActionResult.WithDeadline(Request(), _ => throw new InvalidOperationException("a bug")));

        Assert.Equal(500, code);
    }

    [Fact]
    public async Task A_cancellation_the_client_did_not_cause_is_a_problem_500_not_the_host_s_empty_one()
    {
        (int code, JsonElement body) = await AnswerAsync(ResultActionResult.From(Task.FromCanceled<IResult>(new CancellationToken(canceled: true))));

        Assert.Equal(500, code);
        Assert.Equal("urn:journeyfunctions:problem:internal", body.GetProperty("type").GetString());
    }

    [Fact]
    public async Task A_handler_that_answers_at_once_and_throws_is_a_problem_500_not_the_host_s_empty_one()
    {
        (int code, JsonElement body) = await AnswerAsync(ResultActionResult.From(() => throw new InvalidOperationException("a bug")));

        Assert.Equal(500, code);
        Assert.Equal("urn:journeyfunctions:problem:internal", body.GetProperty("type").GetString());
    }

    private static HttpRequest Request()
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        return http.Request;
    }

    private static async Task<(int Status, JsonElement Body)> AnswerAsync(Task<IActionResult> answer)
    {
        IActionResult result = await answer;
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Response.Body = new MemoryStream();
        await result.ExecuteResultAsync(new ActionContext(http, new RouteData(), new Microsoft.AspNetCore.Mvc.Abstractions.ActionDescriptor()));
        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, JsonDocument.Parse(http.Response.Body).RootElement.Clone());
    }
}
