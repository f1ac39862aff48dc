using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Orchestrations.Sync;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Client;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The time left that <c>GET sync/status</c> gives for a running sync.</summary>
public sealed class SyncStatusEstimateTests
{
    private static async Task<JsonNode> StatusAsync(SyncProgress progress)
    {
        SyncData data = await SyncData.CreateAsync();
        var running = new OrchestrationMetadata("InitialSync", InitialSyncOrchestration.InstanceId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Running,
            SerializedCustomStatus = JsonSerializer.Serialize(progress),
            DataConverter = new JsonDataConverter(),
        };
        var durable = new Mock<DurableTaskClient>("test");
        durable.Setup(c => c.GetInstanceAsync(InitialSyncOrchestration.InstanceId, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(running);
        IResult result = await new GetSyncStatusHandler(TimeProvider.System, new SyncCheckpointStore(data.Storage), data.Settings).HandleAsync(durable.Object, CancellationToken.None);
        return JsonSerializer.SerializeToNode(((IValueHttpResult)result).Value, JsonDefaults.Options)!;
    }

    [Fact]
    public async Task Throttled_the_time_left_is_the_people_left_at_the_throttle_however_fast_the_run_went_so_far()
    {
        // 1,000 read in 10 s (100 a second), 1,200 left at 600 a minute: 120 s, not 12.
        JsonNode status = await StatusAsync(new SyncProgress { SourceTotal = 2200, Read = 1000, MaxPeoplePerMinute = 600, StartedUtc = DateTime.UtcNow.AddSeconds(-10) });

        Assert.Equal(120, status["estimatedSecondsLeft"]!.GetValue<double>());
    }

    [Fact]
    public async Task While_paused_there_is_no_time_left_to_give()
    {
        JsonNode status = await StatusAsync(new SyncProgress { SourceTotal = 2200, Read = 1000, StartedUtc = DateTime.UtcNow.AddSeconds(-10), PausedUntilUtc = DateTime.UtcNow.AddMinutes(1), PauseReason = "switched off" });

        Assert.Equal("Paused", status["status"]!.GetValue<string>());
        Assert.Null(status["estimatedSecondsLeft"]);
    }
}
