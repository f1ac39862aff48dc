using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Orchestrations.Sync;
using Microsoft.DurableTask;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using Moq.Protected;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>The initial sync's paging and checkpointing, against a mocked orchestration context.</summary>
public sealed class InitialSyncOrchestrationTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0, DateTimeKind.Utc);

    /// <summary>The run's start by the storage clock, a little off the orchestration's.</summary>
    private static readonly DateTimeOffset StorageNow = new(2026, 11, 25, 12, 0, 1, TimeSpan.Zero);

    private static readonly Guid RunGuid = new("0123456789abcdef0123456789abcdef");

    /// <summary>
    /// Two steps: the first read 10,000 people before the admin set 100 a minute (100 minutes of waiting owed), the
    /// last reads <paramref name="lastStepPeople"/>; each step's page size goes into <paramref name="sizes"/>.
    /// </summary>
    private static Mock<TaskOrchestrationContext> ThrottledAfterTheFirstStep(List<int> sizes, int lastStepPeople) => Context(request =>
    {
        sizes.Add(request.PageSize);
        return sizes.Count == 1
            ? new SyncPageResult("c1", 10_000, 10_000, 10_000, MaxPeoplePerMinute: 100)
            : new SyncPageResult(null, lastStepPeople, lastStepPeople, lastStepPeople);
    });

    private static Mock<TaskOrchestrationContext> Context(Func<SyncPageRequest, SyncPageResult> pages, long? sourceTotal = null, Func<SalesSweepRequest, int>? sweep = null)
    {
        var context = new Mock<TaskOrchestrationContext>();
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(Now);
        context.Setup(c => c.NewGuid()).Returns(RunGuid);
        context.Setup(c => c.CallActivityAsync<DateTimeOffset>(It.Is<TaskName>(n => n.Name == ActivityNames.StartSyncRun), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(StorageNow);
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == ActivityNames.SweepSalesPeople), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) => Task.FromResult(sweep?.Invoke((SalesSweepRequest)input!) ?? 0));
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<long?>(It.Is<TaskName>(n => n.Name == ActivityNames.CountSyncSource), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(sourceTotal);
        context.Protected().Setup<ILoggerFactory>("LoggerFactory").Returns(NullLoggerFactory.Instance);
        context.Setup(c => c.CallActivityAsync<SyncPageResult>(It.Is<TaskName>(n => n.Name == ActivityNames.SyncInitialPage), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .Returns((TaskName _, object? input, TaskOptions? _) => Task.FromResult(pages((SyncPageRequest)input!)));
        return context;
    }

    [Fact]
    public async Task Pages_until_the_cursor_ends_and_sums_the_totals()
    {
        Mock<TaskOrchestrationContext> context = Context(
            request => request.Cursor switch
            {
                null => new SyncPageResult("c1", 1000, 800, 800),
                "c1" => new SyncPageResult("c2", 1000, 700, 690, SkippedAsOlder: 10),
                _ => new SyncPageResult(null, 10, 5, 5),
            },
            sourceTotal: 2010);

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 1000 });

        Assert.Equal(3, result.Pages);
        Assert.Equal(2010, result.Read);
        Assert.Equal(1495, result.Written);
        Assert.Equal(505, result.SkippedNoOwner);
        Assert.Equal(10, result.SkippedNewerInSales);
        Assert.Equal(2010, result.SourceTotal);
        Assert.Null(result.Cursor);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
        // Once the run has its id, after each page, and with the sweep's count.
        context.Verify(c => c.SetCustomStatus(It.IsAny<object?>()), Times.Exactly(5));
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task Continues_as_new_with_its_checkpoint_to_keep_history_short()
    {
        int page = 0;
        Mock<TaskOrchestrationContext> context = Context(_ => new SyncPageResult($"c{++page}", 100, 50, 50));

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 100, Pages = 3, Read = 300 });

        context.Verify(c => c.ContinueAsNew(It.Is<object?>(o => ((SyncProgress)o!).Cursor == "c20" && ((SyncProgress)o!).Pages == 23), It.IsAny<bool>()), Times.Once);
        Assert.Equal(2300, result.Read);
    }

    [Fact]
    public async Task A_run_whose_first_step_failed_is_resumed_as_the_same_run()
    {
        var statuses = new List<SyncProgress>();
        Mock<TaskOrchestrationContext> failing = Context(_ => throw new TaskFailedException("SyncInitialPage", 1, new InvalidOperationException("a bad row")));
        failing.Setup(c => c.SetCustomStatus(It.IsAny<object?>())).Callback((object? status) => statuses.Add((SyncProgress)status!));

        await Assert.ThrowsAsync<TaskFailedException>(() => InitialSyncOrchestration.RunAsync(failing.Object, new SyncProgress { PageSize = 100 }));
        Mock<TaskOrchestrationContext> resumed = Context(_ => new SyncPageResult(null, 1, 1, 1));
        SyncProgress result = await InitialSyncOrchestration.RunAsync(resumed.Object, statuses[^1]);

        Assert.Equal((RunGuid.ToString("N"), StorageNow), (statuses[^1].RunId, statuses[^1].RunStartedAt));
        Assert.Equal(RunGuid.ToString("N"), result.RunId);
        resumed.Verify(c => c.CallActivityAsync<DateTimeOffset>(It.Is<TaskName>(n => n.Name == ActivityNames.StartSyncRun), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task Resumes_from_the_cursor_it_is_given()
    {
        var cursors = new List<string?>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            cursors.Add(request.Cursor);
            return new SyncPageResult(null, 1, 1, 1);
        });

        await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { Cursor = "resume-here", PageSize = 50 });

        Assert.Equal(["resume-here"], cursors);
    }

    [Fact]
    public async Task Counts_the_source_only_when_starting_fresh()
    {
        Mock<TaskOrchestrationContext> context = Context(_ => new SyncPageResult(null, 1, 1, 1), sourceTotal: 5);

        await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { Cursor = "resume-here", Pages = 4 });

        context.Verify(c => c.CallActivityAsync<long?>(It.Is<TaskName>(n => n.Name == ActivityNames.CountSyncSource), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task A_throttle_spaces_pages_with_durable_timers()
    {
        Mock<TaskOrchestrationContext> context = Context(request => request.Cursor is null ? new SyncPageResult("c1", 500, 500, 500) : new SyncPageResult(null, 500, 500, 500));

        await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 500, MaxPeoplePerMinute = 1000, SourceTotal = 1000 });

        // 500 people at 1,000 a minute: the next page starts 30 s after the first one did; none after the last.
        context.Verify(c => c.CreateTimer(Now.AddSeconds(30), It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_throttle_the_admin_sets_while_the_sync_runs_applies_from_the_step_that_read_it()
    {
        Mock<TaskOrchestrationContext> context = Context(request => request.Cursor is null
            ? new SyncPageResult("c1", 500, 500, 500, MaxPeoplePerMinute: 1000)
            : new SyncPageResult(null, 500, 500, 500, MaxPeoplePerMinute: 1000));

        SyncProgress done = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 500, MaxPeoplePerMinute = 0, SourceTotal = 1000 });

        context.Verify(c => c.CreateTimer(Now.AddSeconds(30), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(1000, done.MaxPeoplePerMinute);
    }

    [Fact]
    public async Task A_throttled_step_reads_a_minutes_worth_and_a_longer_wait_reads_the_throttle_again_each_minute()
    {
        var sizes = new List<int>();
        Mock<TaskOrchestrationContext> context = ThrottledAfterTheFirstStep(sizes, lastStepPeople: 5);
        var throttles = new Queue<int>([100, 0]); // still 100 after a minute; then the admin lifts it
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == ActivityNames.ReadSyncThrottle), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(throttles.Dequeue);

        SyncProgress done = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 10_000 });

        // Never the 100 minutes at once: a minute at a time, until the throttle read is lifted. Then the next step
        // asks for the whole page again (the throttle 0).
        context.Verify(c => c.CreateTimer(Now.AddMinutes(1), It.IsAny<CancellationToken>()), Times.Exactly(2));
        context.Verify(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Equal([10_000, 10_000], sizes);
        Assert.Equal(0, done.MaxPeoplePerMinute);
    }

    [Fact]
    public async Task A_wait_of_hours_continues_as_new_each_hour_with_the_people_whose_time_is_still_owed()
    {
        var sizes = new List<int>();
        Mock<TaskOrchestrationContext> context = ThrottledAfterTheFirstStep(sizes, lastStepPeople: 100);
        DateTime clock = Now;
        context.SetupGet(c => c.CurrentUtcDateTime).Returns(() => clock);
        context.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>()))
            .Callback((DateTime at, CancellationToken _) => clock = at).Returns(Task.CompletedTask);
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == ActivityNames.ReadSyncThrottle), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(100);

        SyncProgress first = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 10_000 });

        // An hour of one-minute waits, then a new execution owes the other 40 minutes: 4,000 people at 100 a minute.
        Assert.Equal(Now.AddHours(1), clock);
        Assert.Equal(4_000, first.ThrottleOwed);
        context.Verify(c => c.ContinueAsNew(It.Is<object?>(o => ((SyncProgress)o!).ThrottleOwed == 4_000 && ((SyncProgress)o!).Cursor == "c1"), It.IsAny<bool>()), Times.Once);
        Assert.Equal([10_000], sizes);

        SyncProgress done = await InitialSyncOrchestration.RunAsync(context.Object, first);

        // The next step starts only when the 100 minutes are over, and the wait is not owed again.
        Assert.Equal([10_000, 100], sizes);
        Assert.Equal(Now.AddMinutes(100), clock);
        Assert.Equal(0, done.ThrottleOwed);
        Assert.True(done.ReadComplete);
    }

    [Fact]
    public async Task Throttled_a_step_asks_for_no_more_than_the_throttle_allows_a_minute()
    {
        var sizes = new List<int>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            sizes.Add(request.PageSize);
            return new SyncPageResult(sizes.Count < 3 ? $"c{sizes.Count}" : null, 120, 120, 120, MaxPeoplePerMinute: 120);
        });

        await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 10_000, MaxPeoplePerMinute = 120 });

        Assert.Equal([120, 120, 120], sizes);
        context.Verify(c => c.CreateTimer(Now.AddMinutes(1), It.IsAny<CancellationToken>()), Times.Exactly(2));
    }

    [Fact]
    public async Task A_run_switched_off_and_on_after_reading_pages_ends_superseded_and_a_fresh_run_starts_from_the_first_page()
    {
        var requests = new List<SyncPageRequest>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            requests.Add(request);
            return requests.Count switch
            {
                1 => new SyncPageResult("c1", 100, 100, 100, SwitchedOnVersion: 3),
                2 => new SyncPageResult("c1", 0, 0, 0, PausedUntilUtc: Now.AddMinutes(1), PauseReason: "switched off", SwitchedOnVersion: 3),
                _ => new SyncPageResult("c1", 0, 0, 0, SwitchedOnVersion: 5), // switched on again: the step read nothing
            };
        });
        context.Setup(c => c.WaitForExternalEvent<bool>(InitialSyncOrchestration.ResumeEvent, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        SyncProgress fresh = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 100 });

        Assert.Equal([null, 3, 3], requests.Select(r => r.SwitchedOnVersion));
        context.Verify(c => c.CallActivityAsync<int>(
            It.Is<TaskName>(n => n.Name == ActivityNames.EndSyncRun),
            It.Is<object?>(p => ((SyncProgress)p!).RunId == RunGuid.ToString("N") && !((SyncProgress)p!).ReadComplete && ((SyncProgress)p!).Read == 100),
            It.IsAny<TaskOptions?>()), Times.Once);
        context.Verify(c => c.ContinueAsNew(It.Is<object?>(o => ReferenceEquals(o, fresh)), It.IsAny<bool>()), Times.Once);
        Assert.Equal((null, null, 0, 0L, 5), (fresh.RunId, fresh.Cursor, fresh.Pages, fresh.Read, fresh.SwitchedOnVersion));
        Assert.Equal(100, fresh.PageSize);
        context.Verify(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == ActivityNames.SweepSalesPeople), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task A_run_switched_off_and_on_before_reading_anything_reads_on()
    {
        var requests = new List<SyncPageRequest>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            requests.Add(request);
            return requests.Count switch
            {
                1 => new SyncPageResult(null, 0, 0, 0, PausedUntilUtc: Now.AddMinutes(1), PauseReason: "switched off", SwitchedOnVersion: 3),
                2 => new SyncPageResult(null, 0, 0, 0, SwitchedOnVersion: 5),
                _ => new SyncPageResult(null, 10, 10, 10, SwitchedOnVersion: 5),
            };
        });
        context.Setup(c => c.WaitForExternalEvent<bool>(InitialSyncOrchestration.ResumeEvent, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        SyncProgress done = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 100 });

        Assert.Equal([null, 3, 5], requests.Select(r => r.SwitchedOnVersion));
        Assert.True(done.ReadComplete);
        Assert.Equal(10, done.Read);
        context.Verify(c => c.ContinueAsNew(It.IsAny<object?>(), It.IsAny<bool>()), Times.Never);
    }

    [Fact]
    public async Task The_run_ends_by_recording_itself_with_its_totals_and_the_rejections_it_cleared()
    {
        Mock<TaskOrchestrationContext> context = Context(_ => new SyncPageResult(null, 10, 8, 6, SkippedAsOlder: 1, Rejected: 1));
        context.Setup(c => c.CallActivityAsync<int>(It.Is<TaskName>(n => n.Name == ActivityNames.EndSyncRun), It.IsAny<object?>(), It.IsAny<TaskOptions?>()))
            .ReturnsAsync(3);

        SyncProgress done = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 10 });

        context.Verify(c => c.CallActivityAsync<int>(
            It.Is<TaskName>(n => n.Name == ActivityNames.EndSyncRun),
            It.Is<object?>(p => ((SyncProgress)p!).Rejected == 1 && ((SyncProgress)p!).Written == 6 && ((SyncProgress)p!).RunId != null),
            It.IsAny<TaskOptions?>()), Times.Once);
        Assert.Equal(3, done.RejectionsCleared);
    }

    [Fact]
    public async Task A_spent_daily_quota_pauses_until_the_reset_then_carries_on_from_the_same_cursor()
    {
        DateTime reset = Now.AddHours(5);
        var cursors = new List<string?>();
        Mock<TaskOrchestrationContext> context = Context(request =>
        {
            cursors.Add(request.Cursor);
            return cursors.Count == 2
                ? new SyncPageResult("c1", 0, 0, 0, PausedUntilUtc: reset, PauseReason: "607")
                : new SyncPageResult(cursors.Count == 1 ? "c1" : null, 300, 300, 300);
        });

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 300, SourceTotal = 600 });

        Assert.Equal([null, "c1", "c1"], cursors);
        context.Verify(c => c.CreateTimer(reset, It.IsAny<CancellationToken>()), Times.Once);
        context.Verify(c => c.SetCustomStatus(It.Is<object?>(s => ((SyncProgress)s!).PauseReason == "607")), Times.Once);
        Assert.Equal(600, result.Read);
        Assert.Null(result.PausedUntilUtc);
    }

    [Fact]
    public async Task Switching_the_sync_back_on_ends_its_pause_at_once()
    {
        DateTime askAgain = Now.AddMinutes(1);
        int step = 0;
        Mock<TaskOrchestrationContext> context = Context(_ => ++step == 1
            ? new SyncPageResult("c1", 0, 0, 0, PausedUntilUtc: askAgain, PauseReason: "switched off")
            : new SyncPageResult(null, 300, 300, 300));
        var timerCancelled = new TaskCompletionSource();
        context.Setup(c => c.CreateTimer(askAgain, It.IsAny<CancellationToken>()))
            .Returns((DateTime _, CancellationToken stop) =>
            {
                stop.Register(timerCancelled.SetResult);
                return Task.Delay(Timeout.Infinite, stop); // the minute never passes in this test
            });
        context.Setup(c => c.WaitForExternalEvent<bool>(InitialSyncOrchestration.ResumeEvent, It.IsAny<CancellationToken>())).ReturnsAsync(true);

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 300, SourceTotal = 300 });

        Assert.Equal(2, step);
        Assert.Equal(300, result.Read);
        await timerCancelled.Task.WaitAsync(TimeSpan.FromSeconds(5)); // the timer left behind is cancelled, not kept
    }

    [Fact]
    public async Task A_fresh_run_stamps_its_pages_then_sweeps_every_bucket_once_and_counts_the_removed()
    {
        var runIds = new List<string?>();
        var sweeps = new List<SalesSweepRequest>();
        Mock<TaskOrchestrationContext> context = Context(
            request =>
            {
                runIds.Add(request.RunId);
                return new SyncPageResult(request.Cursor is null ? "c1" : null, 10, 10, 10);
            },
            sweep: request =>
            {
                lock (sweeps)
                {
                    sweeps.Add(request);
                }

                return 3;
            });

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { PageSize = 10 });

        string runId = RunGuid.ToString("N");
        Assert.Equal([runId, runId], runIds);
        Assert.All(sweeps, s => Assert.Equal((runId, StorageNow), (s.RunId, s.RunStartedAt)));
        Assert.Equal(Enumerable.Range(0, 128), sweeps.SelectMany(s => Enumerable.Range(s.FirstBucket, s.BucketCount)).Order());
        Assert.Equal(32, sweeps.Count);
        Assert.Equal(96, result.Removed);
        Assert.True(result.ReadComplete);
        context.Verify(c => c.SetCustomStatus(It.Is<object?>(s => ((SyncProgress)s!).Removed == 96)), Times.Once);
    }

    [Fact]
    public async Task A_run_resumed_after_its_last_page_only_sweeps()
    {
        Mock<TaskOrchestrationContext> context = Context(_ => throw new InvalidOperationException("No page may be read again."), sweep: _ => 1);

        SyncProgress result = await InitialSyncOrchestration.RunAsync(
            context.Object, new SyncProgress { RunId = "r1", RunStartedAt = StorageNow, Pages = 4, Read = 40, ReadComplete = true });

        Assert.Equal(32, result.Removed); // one per sweep activity
        Assert.Equal(40, result.Read);
        context.Verify(c => c.CallActivityAsync<DateTimeOffset>(It.Is<TaskName>(n => n.Name == ActivityNames.StartSyncRun), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Never);
    }

    [Fact]
    public async Task A_run_begun_before_runs_had_ids_sweeps_nothing()
    {
        Mock<TaskOrchestrationContext> context = Context(_ => new SyncPageResult(null, 5, 5, 5), sweep: _ => throw new InvalidOperationException("Nothing was stamped."));

        SyncProgress result = await InitialSyncOrchestration.RunAsync(context.Object, new SyncProgress { Cursor = "c7", Pages = 7 });

        Assert.True(result.ReadComplete);
        Assert.Equal(0, result.Removed);
    }
}
