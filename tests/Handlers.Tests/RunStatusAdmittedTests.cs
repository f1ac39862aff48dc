using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// <c>accountsNotYetAdmitted</c>: an account its started batch turned away (removed from the journey before the batch
/// took it) has no count of its own, so it is "not yet admitted" while the run runs, and not once the run completed.
/// Batches show only with the run's audience counts.
/// </summary>
public sealed class RunStatusAdmittedTests
{
    /// <summary>A run with <paramref name="customStatus"/> and one started batch that admitted nobody (its start node counts none).</summary>
    private static Task<IResult> StatusAsync(OrchestrationRuntimeStatus status, string? customStatus)
    {
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync("run-1", true, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(OrchestratorNames.JourneyRun, "run-1")
            {
                RuntimeStatus = status,
                SerializedCustomStatus = customStatus,
                DataConverter = Microsoft.DurableTask.Converters.JsonDataConverter.Default, // as fetched with its input (none here)
            });
        OrchestrationMetadata batch = new("AccountBatch", "run-1:b00000") { RuntimeStatus = OrchestrationRuntimeStatus.Completed, SerializedCustomStatus = "{}" };
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery>())).Returns(Pageable.Create((string? _, int? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>([batch], null))));
        return new GetRunStatusHandler(new JourneyStore(new StorageAccount("UseDevelopmentStorage=true"))).HandleAsync(client.Object, "run-1", CancellationToken.None);
    }

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Running, 1)]
    [InlineData(OrchestrationRuntimeStatus.Completed, 0)]
    public async Task A_completed_run_has_no_account_left_to_admit(OrchestrationRuntimeStatus status, int notYetAdmitted)
    {
        JsonNode body = await BodyAsync(await StatusAsync(status, """{ "accounts": 1, "batches": 1 }"""));

        Assert.Equal(1, body["accounts"]!.GetValue<int>());
        Assert.Equal(1, body["batches"]!.GetValue<int>());
        Assert.Equal(notYetAdmitted, body["accountsNotYetAdmitted"]!.GetValue<int>());
    }

    [Fact]
    public async Task Batches_started_before_the_run_s_status_was_stored_are_not_listed_without_their_accounts()
    {
        JsonNode body = await BodyAsync(await StatusAsync(OrchestrationRuntimeStatus.Running, null));

        Assert.Null(body["accounts"]);
        Assert.Equal(0, body["batches"]!.GetValue<int>());
        Assert.Empty(body["nodes"]!.AsObject());
    }

    private static async Task<JsonNode> BodyAsync(IResult result)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        using var stream = new MemoryStream();
        context.Response.Body = stream;
        await result.ExecuteAsync(context);
        return JsonNode.Parse(stream.ToArray())!;
    }
}
