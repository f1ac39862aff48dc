using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Orchestrations.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>Starting the initial sync from several callers at once, as parallel requests and a timer do.</summary>
public sealed class InitialSyncStarterTests
{
    [Fact]
    public async Task Callers_that_saw_the_same_ended_run_start_one_new_run_between_them()
    {
        SyncData data = await SyncData.CreateAsync();
        var ended = new OrchestrationMetadata("InitialSync", InitialSyncOrchestration.InstanceId)
        {
            RuntimeStatus = OrchestrationRuntimeStatus.Completed,
            CreatedAt = DateTimeOffset.UtcNow.AddMinutes(-5),
        };
        var durable = new Mock<DurableTaskClient>("test");
        durable.Setup(c => c.GetInstanceAsync(InitialSyncOrchestration.InstanceId, It.IsAny<bool>(), It.IsAny<CancellationToken>())).ReturnsAsync(ended);
        int scheduled = 0;
        durable.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async () =>
            {
                Interlocked.Increment(ref scheduled);
                await Task.Delay(50); // a start takes a while; the others must not slip in meanwhile
                return InitialSyncOrchestration.InstanceId;
            });
        var settings = new AppSettings { Storage = StorageConnection.FromConnectionString("UseDevelopmentStorage=true") };
        var claim = new SyncStartClaim(data.Storage, Guid.NewGuid().ToString("N"));
        var starter = new InitialSyncStarter(settings.Handlers, data.Settings, claim, TimeProvider.System);

        string[] outcomes = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => starter.EnsureStartedAsync(durable.Object, restartCompleted: true, CancellationToken.None)));

        Assert.Equal(1, scheduled);
        Assert.Single(outcomes, o => o == "started");
        Assert.All(outcomes.Where(o => o != "started"), o => Assert.Equal("running", o));
    }

    [Fact]
    public async Task A_claim_lapses_so_a_caller_that_died_before_starting_holds_nobody_up()
    {
        SyncData data = await SyncData.CreateAsync();
        var claim = new SyncStartClaim(data.Storage, Guid.NewGuid().ToString("N"));
        DateTimeOffset now = DateTimeOffset.UtcNow;

        Assert.True(await claim.TryClaimAsync("run-1", now));
        Assert.False(await claim.TryClaimAsync("run-1", now.AddSeconds(30)));
        Assert.True(await claim.TryClaimAsync("run-1", now + SyncStartClaim.Lapse));
        Assert.True(await claim.TryClaimAsync("run-2", now + SyncStartClaim.Lapse)); // the run after the next one
    }
}
