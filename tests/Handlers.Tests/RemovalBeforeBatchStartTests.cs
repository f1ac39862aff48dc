using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// A removal for an account whose batch its run scheduled but that has not started: the Functions host refuses the
/// event (no such instance yet), where the local host's sidecar keeps it for the batch. The removal must not be dropped
/// as if the batch had ended: the message fails, and the queue tries it again.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class RemovalBeforeBatchStartTests
{
    private static readonly StorageAccount Storage = new(TestStorage.ConnectionString);
    private readonly Mock<DurableTaskClient> _client = new("test");

    private async Task<(string RunId, string Message)> AdmittedAsync()
    {
        string journeyId = "j-" + Guid.NewGuid().ToString("N")[..12], runId = "run-" + Guid.NewGuid().ToString("N"), account = "acct-removal";
        await Storage.EnsureCreatedAsync();
        await new JourneyEntryStore(Storage).AdmitAsync(journeyId, runId, [account], policy: null, DateTimeOffset.UtcNow);
        await new AudienceStore(Storage).SnapshotAsync(runId, [[account]]);
        // The Functions host's answer to an event for an instance it has not stored.
        _client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("No instance with ID was found."));
        _client.Setup(c => c.GetInstanceAsync(RunInstanceIds.Batch(runId, 0), It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);
        var command = new JourneyCommand(JourneyCommandKind.RemoveAccount, journeyId, account, "run-source", "remove");
        return (runId, JsonSerializer.Serialize(command, JsonDefaults.Options));
    }

    private static JourneyCommandQueueHandler Handler() =>
        new(new JourneyRunStarter(new JourneyStore(Storage), new HandlerSettings(), TimeProvider.System), new JourneyEntryStore(Storage), new AudienceStore(Storage), NullLogger<JourneyCommandQueueHandler>.Instance);

    [Fact]
    public async Task A_command_without_its_kind_is_refused_not_read_as_an_add()
    {
        string message = """{ "journeyId": "j-1", "accountId": "acct-removal", "sourceRunId": "run-source", "sourceNodeId": "remove" }""";

        var refused = await Assert.ThrowsAsync<InvalidDataException>(() => Handler().HandleAsync(message, _client.Object, CancellationToken.None));

        Assert.Contains("'kind'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removal_for_a_batch_not_started_while_its_run_goes_on_fails_to_be_tried_again()
    {
        (string runId, string message) = await AdmittedAsync();
        _client.Setup(c => c.GetInstanceAsync(runId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("JourneyRun", runId) { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        var failed = await Assert.ThrowsAsync<InvalidOperationException>(() => Handler().HandleAsync(message, _client.Object, CancellationToken.None));

        Assert.Contains("has not started yet", failed.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_removal_for_a_batch_whose_run_has_ended_is_done()
    {
        (string runId, string message) = await AdmittedAsync();
        _client.Setup(c => c.GetInstanceAsync(runId, It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("JourneyRun", runId) { RuntimeStatus = OrchestrationRuntimeStatus.Completed });

        await Handler().HandleAsync(message, _client.Object, CancellationToken.None);
    }
}
