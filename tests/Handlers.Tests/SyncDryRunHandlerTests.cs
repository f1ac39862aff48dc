using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// A dry run whose source fails (Marketo refusing a call or answering what cannot be read, the network down) answers 503 <c>unavailable</c> with the
/// reason <c>sourceUnavailable</c>, as the README's errors promise for an outside system a request needs; not a 500.
/// </summary>
public sealed class SyncDryRunHandlerTests
{
    private sealed class FailingSource(Exception failure) : IPeopleSource
    {
        public Task<long?> CountAsync(CancellationToken cancellationToken) => throw failure;

        public Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken) => throw failure;
    }

    public static TheoryData<Exception> Failures() =>
    [
        new SourceUnavailableException("Marketo error 1003: not allowed"),
        new HttpRequestException("Connection refused (127.0.0.1:1)"),
        new System.Text.Json.JsonException("An answer of Marketo's bulk extract could not be read: 'garbage' is no date at $[0].createdAt"),
    ];

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failing_source_is_a_503_naming_the_reason(Exception failure)
    {
        // The sales copy is never reached: the source fails on its first read.
        var dryRun = new SyncDryRun(new FailingSource(failure), new SalesPeopleStore(new StorageAccount("UseDevelopmentStorage=true")));
        var handler = new StartInitialSyncHandler(null!, dryRun);
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.QueryString = new QueryString("?dryRun=true");
        context.Response.Body = new MemoryStream();

        IResult result = await handler.HandleAsync(context.Request, null!, CancellationToken.None);
        await result.ExecuteAsync(context);

        context.Response.Body.Position = 0;
        JsonObject problem = JsonNode.Parse(context.Response.Body)!.AsObject();
        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("urn:journeyfunctions:problem:unavailable", problem["type"]!.GetValue<string>());
        Assert.Equal("sourceUnavailable", problem["reason"]!.GetValue<string>());
        Assert.Contains(failure.Message, problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
