using JourneyFunctions.Handlers;
using Microsoft.DurableTask.Client;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// An event for, or a termination of, an instance that stopped in between is done, as the local host's sidecar takes
/// it; the Functions host refuses such a call with an RPC error, which must not fail the request or the queue message.
/// </summary>
public sealed class DurableInstanceCallsTests
{
    private readonly Mock<DurableTaskClient> _client = new("test");

    [Theory]
    [InlineData(OrchestrationRuntimeStatus.Completed)]
    [InlineData(OrchestrationRuntimeStatus.Terminated)]
    [InlineData(null)] // no such instance
    public async Task A_refused_call_to_an_instance_that_is_not_running_is_done(OrchestrationRuntimeStatus? status)
    {
        Refuse(status);

        Assert.False(await DurableInstanceCalls.RaiseEventAsync(_client.Object, "batch", "event", 1, CancellationToken.None));
        Assert.False(await DurableInstanceCalls.TerminateAsync(_client.Object, "batch", "aborted", CancellationToken.None));
    }

    [Fact]
    public async Task A_refused_call_to_a_running_instance_fails_so_the_caller_retries()
    {
        Refuse(OrchestrationRuntimeStatus.Running);

        await Assert.ThrowsAsync<InvalidOperationException>(() => DurableInstanceCalls.RaiseEventAsync(_client.Object, "batch", "event", 1, CancellationToken.None));
        await Assert.ThrowsAsync<InvalidOperationException>(() => DurableInstanceCalls.TerminateAsync(_client.Object, "batch", "aborted", CancellationToken.None));
    }

    [Fact]
    public async Task A_call_taken_is_reported_as_such()
    {
        _client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);

        Assert.True(await DurableInstanceCalls.RaiseEventAsync(_client.Object, "batch", "event", 1, CancellationToken.None));
        _client.Verify(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    /// <summary>Both calls refused (the real host's answer stands in as an exception); the instance in <paramref name="status"/>.</summary>
    private void Refuse(OrchestrationRuntimeStatus? status)
    {
        var refused = new InvalidOperationException("refused by the host");
        _client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>())).ThrowsAsync(refused);
        _client.Setup(c => c.TerminateInstanceAsync(It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>())).ThrowsAsync(refused);
        _client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(status is null ? null : new OrchestrationMetadata("orchestration", "batch") { RuntimeStatus = status.Value });
    }
}
