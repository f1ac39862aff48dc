using System.Text.Json.Nodes;
using Azure;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>A failure's words reach a body only when they name no .NET type (run status, sync status, JSON reasons); storage that never answered is a 503.</summary>
public sealed class ApiErrorsTests
{
    [Theory]
    [InlineData("Workspace 'W' no longer has the email 'Welcome'.", "Workspace 'W' no longer has the email 'Welcome'.")]
    [InlineData("Task 'SyncInitialPage' (#12) failed with an unhandled exception: Cannot return System.Nullable`1[System.Int64] type for a System.String typed property.", "failed")]
    [InlineData("The JSON value could not be converted to JourneyFunctions.Domain.Journeys.JourneyNode.", "failed")]
    [InlineData("Microsoft.DurableTask.TaskFailedException was thrown", "failed")]
    [InlineData(null, "failed")]
    [InlineData("", "failed")]
    [InlineData("The request body is too large and exceeds the maximum permissible limit.\nRequestId:f613\nStatus: 413\nHeaders:\nServer: Azurite-Queue/3.35.0", "The request body is too large and exceeds the maximum permissible limit.")]
    [InlineData("Task 'ApplyAccountAction' (#4) failed with an unhandled exception: Marketo refused the list.\r\n   at Somewhere()", "Marketo refused the list.")]
    [InlineData("Task 'SyncInitialPage' (#16) failed with an unhandled exception: Marketo answered a lead without an id.", "Marketo answered a lead without an id.")]
    [InlineData("Task 'SyncInitialPage' (#16) failed with an unhandled exception: ", "failed")]
    public void A_message_naming_a_type_is_replaced(string? message, string shown) =>
        Assert.Equal(shown, ApiErrors.Shown(message, "failed"));

    public static TheoryData<string, int> Failures => new()
    {
        { "refused", 503 },
        { "timedOut", 503 },
        { "refusedOnce", 503 },
        { "answered500", 500 },
        { "cancelledElsewhere", 500 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Storage_that_answered_no_try_is_a_503_naming_storage_and_anything_else_a_500(string failure, int status)
    {
        Exception exception = failure switch
        {
            "refused" => new AggregateException(Enumerable.Repeat(new RequestFailedException(0, "Connection refused (127.0.0.1:10002)"), 4)),
            "timedOut" => new AggregateException(Enumerable.Repeat(new TaskCanceledException("The operation was cancelled because it exceeded the configured timeout"), 4)),
            "refusedOnce" => new RequestFailedException(0, "Connection refused"),
            "answered500" => new AggregateException(new RequestFailedException(500, "Server busy"), new TaskCanceledException()),
            _ => new TaskCanceledException("an HTTP call of another system"),
        };
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await ApiErrors.FromException(context, exception).ExecuteAsync(context);

        JsonNode problem = JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal(status == 503 ? "storageUnavailable" : null, problem["reason"]?.GetValue<string>());
    }

    [Theory]
    [InlineData(413, "the body is larger than 1048576 bytes.")]
    [InlineData(408, "its body did not arrive in time (the web server's minimum data rate).")]
    [InlineData(400, "it is malformed.")]
    public async Task A_request_the_web_server_could_not_read_says_why(int status, string why)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Response.Body = new MemoryStream();

        await ApiErrors.FromException(context, new BadHttpRequestException("refused", status)).ExecuteAsync(context);

        JsonNode problem = JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
        Assert.Equal(status, context.Response.StatusCode);
        Assert.Equal("The request could not be read: " + why, problem["detail"]?.GetValue<string>());
    }
}
