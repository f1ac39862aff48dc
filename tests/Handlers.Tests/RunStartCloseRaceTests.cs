using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Handlers.Journeys;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// A journey closed while one of its runs starts: a close that found no run in flight must not leave a run going in a
/// finished journey, which nothing could abort any more.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class RunStartCloseRaceTests
{
    private static readonly StorageAccount Storage = new(TestStorage.ConnectionString);

    [Fact]
    public async Task A_journey_closed_between_the_start_s_check_and_its_run_record_finishes_and_the_run_does_not_start()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        var client = new Mock<DurableTaskClient>("test");
        // The starter reads the clock right before it records the run: the close comes in there.
        var clock = new ClockThatFirst(() => new CloseJourneyHandler(journeys, TimeProvider.System).HandleAsync(client.Object, journey.Id, CancellationToken.None));
        var starter = new JourneyRunStarter(journeys, new HandlerSettings(), clock);

        RunStart run = await starter.StartAsync(client.Object, journey.Id, "run-" + Guid.NewGuid().ToString("N"), accounts: null, CancellationToken.None);

        Assert.Equal(409, run.RefusedStatus);
        Assert.Contains("was closed while the run started; the run did not start", run.RefusedReason, StringComparison.Ordinal);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Never);
        Assert.Equal(JourneyStatus.Finished, (await journeys.GetAsync(journey.Id))!.Status);
        Assert.Empty(await journeys.ListRunsAsync(journey.Id));
    }

    [Fact]
    public async Task A_journey_aborted_between_the_start_s_check_and_its_schedule_stops_the_run_and_does_not_list_it()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        var client = new Mock<DurableTaskClient>("test");
        // The abort comes in while the run is scheduled: it saw no run in Durable yet, so the starter must stop it.
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (TaskName _, object? _, StartOrchestrationOptions? options, CancellationToken _) =>
            {
                await journeys.TransitionAsync(journey.Id, JourneyStatus.Aborted, new HashSet<JourneyStatus> { JourneyStatus.Live }, cancellationToken: CancellationToken.None);
                return options!.InstanceId!;
            });
        client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>()))
            .Returns(Pageable.Create((string? _, int? _, CancellationToken _) => Task.FromResult(new Page<OrchestrationMetadata>([], null))));
        string runId = "run-" + Guid.NewGuid().ToString("N");

        RunStart run = await new JourneyRunStarter(journeys, new HandlerSettings(), TimeProvider.System).StartAsync(client.Object, journey.Id, runId, accounts: null, CancellationToken.None);

        Assert.Equal(409, run.RefusedStatus);
        Assert.Contains("was aborted while the run started; the run was stopped", run.RefusedReason, StringComparison.Ordinal);
        client.Verify(c => c.TerminateInstanceAsync(runId, It.IsAny<object?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Empty(await journeys.ListRunsAsync(journey.Id));

        // The run may have ended on its own before the terminate reached it: its end, recorded after, lists it not.
        await journeys.RecordRunEndAsync(journey.Id, runId, DateTimeOffset.UtcNow, failure: null);
        Assert.Empty(await journeys.ListRunsAsync(journey.Id));
    }

    [Fact]
    public async Task A_schedule_that_fails_unstored_forgets_the_run_so_a_journey_closed_meanwhile_finishes()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        var client = new Mock<DurableTaskClient>("test");
        // The close sees the recorded run in flight and leaves the journey closed; then the task hub refuses the schedule.
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (TaskName _, object? _, StartOrchestrationOptions? _, CancellationToken _) =>
            {
                await new CloseJourneyHandler(journeys, TimeProvider.System).HandleAsync(client.Object, journey.Id, CancellationToken.None);
                throw new Azure.RequestFailedException(503, "The server is busy.");
            });
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        await Assert.ThrowsAsync<Azure.RequestFailedException>(() => new JourneyRunStarter(journeys, new HandlerSettings(), TimeProvider.System)
            .StartAsync(client.Object, journey.Id, "run-" + Guid.NewGuid().ToString("N"), accounts: null, CancellationToken.None));

        Assert.Empty(await journeys.ListRunsAsync(journey.Id));
        Assert.Equal(JourneyStatus.Finished, (await journeys.GetAsync(journey.Id))!.Status);
    }

    [Fact]
    public async Task A_schedule_that_fails_after_Durable_stored_the_run_keeps_it_listed()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        string runId = "run-" + Guid.NewGuid().ToString("N");
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new TimeoutException("The answer was lost after the instance was stored."));
        client.Setup(c => c.GetInstanceAsync(runId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(OrchestratorNames.JourneyRun, runId) { RuntimeStatus = OrchestrationRuntimeStatus.Pending });

        await Assert.ThrowsAsync<TimeoutException>(() => new JourneyRunStarter(journeys, new HandlerSettings(), TimeProvider.System)
            .StartAsync(client.Object, journey.Id, runId, accounts: null, CancellationToken.None));

        Assert.Equal([runId], (await journeys.ListRunsAsync(journey.Id)).Select(run => run.RunId));
    }

    [Fact]
    public async Task A_run_whose_start_was_cut_off_before_its_schedule_is_forgotten_past_the_grace_and_a_close_finishes_the_journey()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        // The host was killed between recording the run and scheduling it: Durable never stored it.
        await journeys.RecordRunAsync(journey.Id, "run-" + Guid.NewGuid().ToString("N"), 1, DateTimeOffset.UtcNow - JourneyRuns.ScheduleGrace - TimeSpan.FromMinutes(1));
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        IResult closed = await new CloseJourneyHandler(journeys, TimeProvider.System).HandleAsync(client.Object, journey.Id, CancellationToken.None);

        Assert.Equal(JourneyStatus.Finished, ((JourneyInfo)((IValueHttpResult)closed).Value!).Status);
        Assert.Empty(await journeys.ListRunsAsync(journey.Id));
    }

    [Fact]
    public async Task The_run_list_forgets_a_run_whose_start_was_cut_off_and_finishes_a_closed_journey_that_waited_for_it_alone()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        string ended = "run-" + Guid.NewGuid().ToString("N");
        await journeys.RecordRunAsync(journey.Id, ended, 1, DateTimeOffset.UtcNow - TimeSpan.FromHours(1));
        await journeys.RecordRunEndAsync(journey.Id, ended, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(30), failure: null);
        await journeys.RecordRunAsync(journey.Id, "run-" + Guid.NewGuid().ToString("N"), 1, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        await journeys.TransitionAsync(journey.Id, JourneyStatus.Closed, JourneyLifecycle.CanClose);
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync((string id, bool _, CancellationToken _) => id == ended ? new OrchestrationMetadata(OrchestratorNames.JourneyRun, id) { RuntimeStatus = OrchestrationRuntimeStatus.Completed } : null);

        JsonNode page = await ListRunsAsync(journeys, client.Object, journey.Id);

        Assert.Equal([ended], page["items"]!.AsArray().Select(run => run!["runId"]!.GetValue<string>()));
        Assert.Equal(JourneyStatus.Finished, (await journeys.GetAsync(journey.Id))!.Status);
    }

    [Theory]
    [InlineData(1, null, "Unknown")] // within the grace Durable may not know it yet: a start may be under way
    [InlineData(120, OrchestrationRuntimeStatus.Running, "Running")] // past it, a run Durable knows (waiting for days, say)
    public async Task A_run_that_may_still_run_stays_listed_and_keeps_a_closed_journey_waiting(int minutesOld, OrchestrationRuntimeStatus? inDurable, string listedAs)
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        string runId = "run-" + Guid.NewGuid().ToString("N");
        await journeys.RecordRunAsync(journey.Id, runId, 1, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(minutesOld));
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.GetInstanceAsync(runId, false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(inDurable is { } status ? new OrchestrationMetadata(OrchestratorNames.JourneyRun, runId) { RuntimeStatus = status } : null);

        await new CloseJourneyHandler(journeys, TimeProvider.System).HandleAsync(client.Object, journey.Id, CancellationToken.None);
        JsonNode page = await ListRunsAsync(journeys, client.Object, journey.Id);

        Assert.Equal(JourneyStatus.Closed, (await journeys.GetAsync(journey.Id))!.Status);
        Assert.Equal((runId, listedAs), (page["items"]![0]!["runId"]!.GetValue<string>(), page["items"]![0]!["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_start_whose_schedule_hangs_gives_up_at_the_start_deadline_and_forgets_its_run()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var scheduling = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        var client = new Mock<DurableTaskClient>("test");
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .Returns(async (TaskName _, object? _, StartOrchestrationOptions? _, CancellationToken token) =>
            {
                scheduling.SetResult(token);
                await Task.Delay(Timeout.Infinite, token); // the task hub's storage not answering
                return "";
            });
        client.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), false, It.IsAny<CancellationToken>())).ReturnsAsync((OrchestrationMetadata?)null);

        Task<RunStart> start = new JourneyRunStarter(journeys, new HandlerSettings(), clock)
            .StartAsync(client.Object, journey.Id, "run-" + Guid.NewGuid().ToString("N"), accounts: null, CancellationToken.None);
        CancellationToken scheduleToken = await scheduling.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(JourneyRuns.StartDeadline - TimeSpan.FromSeconds(1));
        Assert.False(scheduleToken.IsCancellationRequested);
        clock.Advance(TimeSpan.FromSeconds(1));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => start.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.Empty(await journeys.ListRunsAsync(journey.Id)); // the run list has nothing to wait out the grace for
        Assert.True(JourneyRuns.StartDeadline < JourneyRuns.ScheduleGrace);
    }

    [Fact]
    public async Task A_record_written_again_since_it_was_read_is_not_forgotten()
    {
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await LiveJourneyAsync(journeys);
        string runId = "run-" + Guid.NewGuid().ToString("N");
        await journeys.RecordRunAsync(journey.Id, runId, 1, DateTimeOffset.UtcNow - TimeSpan.FromMinutes(10));
        RunRecord read = Assert.Single(await journeys.ListRunsAsync(journey.Id));
        await journeys.RecordRunAsync(journey.Id, runId, 1, DateTimeOffset.UtcNow); // a retried start records it anew

        Assert.False(await JourneyRuns.ForgetIfNeverScheduledAsync(journeys, journey.Id, read, known: null, DateTimeOffset.UtcNow, CancellationToken.None));
        Assert.Equal([runId], (await journeys.ListRunsAsync(journey.Id)).Select(run => run.RunId));
    }

    private static async Task<JsonNode> ListRunsAsync(JourneyStore journeys, DurableTaskClient client, string journeyId)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(new HandlerSettings()).BuildServiceProvider() };
        IResult result = await new ListRunsHandler(journeys, TimeProvider.System).HandleAsync(http.Request, client, journeyId, CancellationToken.None);
        return JsonSerializer.SerializeToNode(((IValueHttpResult)result).Value, JsonDefaults.Options)!;
    }

    /// <summary>A live journey of one account (the tables created on their own, as the first test on a fresh Azurite may need).</summary>
    private static async Task<JourneyInfo> LiveJourneyAsync(JourneyStore journeys)
    {
        await Storage.EnsureCreatedAsync();
        JourneyInfo journey = await journeys.CreateAsync(JsonSerializer.Deserialize<JourneyDefinition>(
            """{ "name": "race", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["a-1"] } }, { "id": "end", "type": "end" } ], "edges": [ { "from": "start", "to": "end" } ] }""",
            JsonDefaults.Options)!);
        await journeys.PublishAsync(journey.Id);
        return journey;
    }

    /// <summary>The system clock, which does <paramref name="first"/> before it is first read.</summary>
    private sealed class ClockThatFirst(Func<Task> first) : TimeProvider
    {
        private Func<Task>? _first = first;

        public override DateTimeOffset GetUtcNow()
        {
            if (Interlocked.Exchange(ref _first, null) is { } act)
            {
                act().GetAwaiter().GetResult();
            }

            return base.GetUtcNow();
        }
    }
}
