using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The admin's sync settings: validated, recorded with who and when, and obeyed at once by the sync's steps and handlers.</summary>
public sealed class SyncSettingsTests
{
    [Fact]
    public async Task Each_change_is_recorded_with_who_and_when_newest_first_and_a_change_to_the_same_values_records_nothing()
    {
        SyncData data = await SyncData.CreateAsync();
        Assert.Equal(0, (await data.Settings.GetAsync()).Version);

        await data.Settings.ChangeAsync(s => s with { Enabled = false }, "ann@example.com");
        await data.Settings.ChangeAsync(s => s with { MaxPeoplePerMinute = 600, SalesforceTaskTypes = [SalesActivityType.ReceiveSalesCall] }, "bob@example.com");
        StoredSyncSettings same = await data.Settings.ChangeAsync(s => s with { MaxPeoplePerMinute = 600 }, "carl@example.com");
        var (revisions, next) = await data.Settings.ListRevisionsAsync(null, 10);

        Assert.Equal(2, same.Version);
        Assert.Null(next);
        Assert.Equal([2, 1], revisions.Select(r => r.Version));
        Assert.Equal(["bob@example.com", "ann@example.com"], revisions.Select(r => r.ChangedBy));
        Assert.Equal(["maxPeoplePerMinute", "salesforceTaskTypes"], revisions[0].Changes.Select(c => c.Field));
        Assert.Equal(0, revisions[0].Changes[0].From!.GetValue<int>());
        Assert.Equal(600, revisions[0].Changes[0].To!.GetValue<int>());
        Assert.InRange(revisions[1].ChangedAt, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddMinutes(1));
        Assert.False(revisions[0].Settings.Enabled);
    }

    [Fact]
    public async Task Two_admins_changing_at_once_each_get_their_change_recorded()
    {
        SyncData data = await SyncData.CreateAsync();
        var other = new SyncSettingsStore(data.Storage, new SyncSettings(), data.Prefix, TimeProvider.System);

        await Task.WhenAll(
            data.Settings.ChangeAsync(s => s with { MaxPeoplePerMinute = 100 }, "ann"),
            other.ChangeAsync(s => s with { RerunCompleted = true }, "bob"));
        StoredSyncSettings now = await new SyncSettingsStore(data.Storage, new SyncSettings(), data.Prefix, TimeProvider.System).GetAsync();

        Assert.Equal(2, now.Version);
        Assert.Equal(100, now.Settings.MaxPeoplePerMinute);
        Assert.True(now.Settings.RerunCompleted);
    }

    [Fact]
    public async Task Switched_off_a_sync_step_reads_nothing_and_pauses_with_the_reason_and_the_throttle_reaches_the_next_step()
    {
        SyncData data = await SyncData.CreateAsync();
        var source = new ListSource([data.Person(0, 5)]);
        var activity = new SyncInitialPageActivity(source, data.Sales, data.Rejections, data.Settings, TimeProvider.System);

        await data.Settings.ChangeAsync(s => s with { Enabled = false }, "ann");
        SyncPageResult off = await activity.RunAsync(new SyncPageRequest(null, 10), CancellationToken.None);
        await data.Settings.ChangeAsync(s => s with { Enabled = true, MaxPeoplePerMinute = 1200 }, "ann");
        SyncPageResult on = await activity.RunAsync(new SyncPageRequest(null, 10), CancellationToken.None);

        Assert.Equal(0, off.Read);
        Assert.NotNull(off.PausedUntilUtc);
        Assert.Contains("switched off", off.PauseReason, StringComparison.Ordinal);
        Assert.Contains("ann", off.PauseReason, StringComparison.Ordinal);
        Assert.Equal(1, on.Written);
        Assert.Equal(1200, on.MaxPeoplePerMinute);
    }

    [Fact]
    public async Task Only_switching_the_sync_back_on_moves_its_switched_on_version()
    {
        SyncData data = await SyncData.CreateAsync();

        StoredSyncSettings throttled = await data.Settings.ChangeAsync(s => s with { MaxPeoplePerMinute = 10 }, "ann");
        StoredSyncSettings off = await data.Settings.ChangeAsync(s => s with { Enabled = false }, "ann");
        StoredSyncSettings on = await data.Settings.ChangeAsync(s => s with { Enabled = true }, "ann");
        StoredSyncSettings later = await data.Settings.ChangeAsync(s => s with { MaxPeoplePerMinute = 0 }, "ann");

        Assert.Equal([0, 0, 3, 3], new[] { throttled, off, on, later }.Select(s => s.SwitchedOnVersion));
        Assert.Equal(3, (await new SyncSettingsStore(data.Storage, new SyncSettings(), data.Prefix, TimeProvider.System).GetAsync()).SwitchedOnVersion);
    }

    [Fact]
    public async Task A_change_skipped_while_switched_off_reaches_a_person_the_run_had_already_read_through_the_fresh_run()
    {
        SyncData data = await SyncData.CreateAsync();
        List<TableEntity> marketing = [data.Person(0, 5), data.Person(1, 5)];
        await data.PutPeopleAsync([.. marketing]);
        var activity = new SyncInitialPageActivity(new ListSource(marketing), data.Sales, data.Rejections, data.Settings, TimeProvider.System);
        SyncPageResult first = await activity.RunAsync(new SyncPageRequest(null, 1, "run1"), CancellationToken.None);

        await data.Settings.ChangeAsync(s => s with { Enabled = false }, "ann");
        marketing[0] = data.Person(0, 6, title: "Chief Buyer");
        await data.PutPeopleAsync(marketing[0]);
        string message = JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(0), 6, [PersonFields.Title]), JsonDefaults.Options);
        await data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None);
        await data.Settings.ChangeAsync(s => s with { Enabled = true }, "ann");
        SyncPageResult next = await activity.RunAsync(new SyncPageRequest(first.NextCursor, 1, "run1", first.SwitchedOnVersion), CancellationToken.None);

        // The run read person 0 before the switch and would never read them again: it reads nothing more and starts over.
        Assert.Equal("Buyer", (await data.Sales.GetAsync(data.Id(0)))!.GetString(PersonFields.Title));
        Assert.True(next.SwitchedOffAndOnSince(first.SwitchedOnVersion));
        Assert.Equal(0, next.Read);
        Assert.Null(await data.Sales.GetAsync(data.Id(1)));
        SyncPageResult fresh = await activity.RunAsync(new SyncPageRequest(null, 10, "run2", next.SwitchedOnVersion), CancellationToken.None);
        Assert.Equal(2, fresh.Written);
        Assert.Equal("Chief Buyer", (await data.Sales.GetAsync(data.Id(0)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task Switched_off_the_change_handler_skips_a_change()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(0, 5));
        PersonChangeQueueHandler handler = data.ChangeHandler();
        string message = JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(0), 5, [PersonFields.Email]), JsonDefaults.Options);

        await data.Settings.ChangeAsync(s => s with { Enabled = false }, "ann");
        await handler.HandleAsync(message, SyncData.NoRuns, CancellationToken.None);
        Assert.Null(await data.Sales.GetAsync(data.Id(0)));

        await data.Settings.ChangeAsync(s => s with { Enabled = true }, "ann");
        await handler.HandleAsync(message, SyncData.NoRuns, CancellationToken.None);
        Assert.NotNull(await data.Sales.GetAsync(data.Id(0)));
    }

    [Theory]
    [InlineData("0 */1 * * * *", "2026-12-01T08:00:30Z", "2026-12-01T08:01:00Z", true)]
    [InlineData("0 0 2 * * *", "2026-12-01T08:00:00Z", "2026-12-01T08:01:00Z", false)]
    [InlineData("0 0 2 * * *", "2026-12-02T01:59:00Z", "2026-12-02T02:00:00Z", true)]
    [InlineData("0 0 2 * * *", null, "2026-12-01T08:01:00Z", true)]
    [InlineData("0 */1 * * * *", "2026-12-04T20:57:00Z", "2026-12-04T20:57:59.9998944Z", true)] // fired a fraction early
    [InlineData("0 */1 * * * *", "2026-12-04T20:57:00Z", "2026-12-04T20:58:00.4Z", true)]
    [InlineData("0 0 2 * * *", "2026-12-04T20:57:00Z", "2026-12-04T20:57:59.9998944Z", false)]
    [InlineData("0 0 2 30 2 *", "2026-12-04T20:57:00Z", "2026-12-04T20:58:00Z", false)] // stored before such schedules were refused: never due
    public void The_timer_acts_when_the_admin_schedule_has_an_occurrence_since_its_previous_wake_up(string schedule, string? previous, string now, bool due) =>
        Assert.Equal(due, InitialSyncTimerHandler.IsDue(schedule, previous, InitialSyncTimerHandler.WakeUpAt(DateTimeOffset.Parse(now, System.Globalization.CultureInfo.InvariantCulture))));

    [Theory]
    [InlineData("2026-12-04T20:57:59.9998944Z", "2026-12-04T20:58:00.0000000+00:00")]
    [InlineData("2026-12-04T20:58:00.4999999Z", "2026-12-04T20:58:00.0000000+00:00")]
    [InlineData("2026-12-04T20:58:00.5Z", "2026-12-04T20:58:01.0000000+00:00")]
    public void A_wake_up_counts_at_its_nearest_whole_second(string firedAt, string countsAt) =>
        Assert.Equal(countsAt, InitialSyncTimerHandler.WakeUpAt(DateTimeOffset.Parse(firedAt, System.Globalization.CultureInfo.InvariantCulture)).ToString("O", System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task A_wake_up_whose_start_failed_leaves_the_occurrence_due_for_the_next_wake_up()
    {
        SyncData data = await SyncData.CreateAsync();
        var state = new TableClient(TestStorage.ConnectionString, "WakeUps" + Guid.NewGuid().ToString("N")[..8]);
        await state.CreateIfNotExistsAsync();
        var checkpoints = new SyncCheckpointStore(state);
        string previous = InitialSyncTimerHandler.WakeUpAt(DateTimeOffset.UtcNow.AddMinutes(-2)).ToString("O", System.Globalization.CultureInfo.InvariantCulture);
        await checkpoints.SetAsync(InitialSyncTimerHandler.WakeUpCheckpoint, previous);
        var durable = new Mock<DurableTaskClient>("test");
        durable.SetupSequence(d => d.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("the task hub is out of reach"))
            .ReturnsAsync((OrchestrationMetadata?)null);
        var settings = new AppSettings { Storage = StorageConnection.FromConnectionString("UseDevelopmentStorage=true") };
        var starter = new InitialSyncStarter(settings.Handlers, data.Settings, new SyncStartClaim(data.Storage, Guid.NewGuid().ToString("N")), TimeProvider.System);
        var timer = new InitialSyncTimerHandler(starter, data.Settings, checkpoints, TimeProvider.System, NullLogger<InitialSyncTimerHandler>.Instance);

        await Assert.ThrowsAsync<InvalidOperationException>(() => timer.HandleAsync(durable.Object, CancellationToken.None));
        string? afterFailure = (await checkpoints.GetAsync(InitialSyncTimerHandler.WakeUpCheckpoint)).Token;
        await timer.HandleAsync(durable.Object, CancellationToken.None);

        Assert.Equal(previous, afterFailure);
        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(), It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
        Assert.NotEqual(previous, (await checkpoints.GetAsync(InitialSyncTimerHandler.WakeUpCheckpoint)).Token);
        await state.DeleteAsync();
    }

    [Fact]
    public async Task A_bad_put_answers_400_naming_every_bad_field_and_changes_nothing()
    {
        SyncData data = await SyncData.CreateAsync();

        (int status, JsonNode body) = await PutAsync(data, """{ "enabled": "no", "initialSyncSchedule": "*/5 * * * *", "maxPeoplePerMinute": -1, "salesforceTaskTypes": ["sendSalesEmail", "sendSalesFax", "unsubscribe"], "colour": "red" }""");

        Assert.Equal(400, status);
        Assert.Equal("urn:journeyfunctions:problem:invalid-request", body["type"]!.GetValue<string>());
        Assert.Equal(
            ["enabled", "initialSyncSchedule", "maxPeoplePerMinute", "salesforceTaskTypes[1]", "salesforceTaskTypes[2]", "colour"],
            body["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Equal(0, (await data.Settings.GetAsync()).Version);
    }

    [Fact]
    public async Task A_put_with_thousands_of_unknown_members_lists_the_first_100_and_counts_the_rest()
    {
        SyncData data = await SyncData.CreateAsync();
        string unknown = string.Join(", ", Enumerable.Range(0, 3000).Select(i => $"\"k{i}\": 1"));

        (int status, JsonNode body) = await PutAsync(data, $"{{ {unknown} }}");

        Assert.Equal(400, status);
        Assert.Equal(Enumerable.Range(0, 100).Select(i => $"k{i}"), body["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Equal(2900, body["errorsOmitted"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_schedule_is_judged_and_stored_without_the_white_space_around_it()
    {
        SyncData data = await SyncData.CreateAsync();
        string padded = new string(' ', 200) + "0 */5 * * * *\\t\\n"; // JSON escapes: a tab and a line break

        (int status, JsonNode stored) = await PutAsync(data, $$"""{ "initialSyncSchedule": "{{padded}}" }""");
        (int blank, JsonNode problem) = await PutAsync(data, """{ "initialSyncSchedule": "   " }""");

        Assert.Equal((200, "0 */5 * * * *"), (status, stored["initialSyncSchedule"]!.GetValue<string>()));
        Assert.Equal((400, "initialSyncSchedule"), (blank, problem["errors"]![0]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_task_type_list_longer_than_the_types_is_one_problem_and_a_whole_number_may_be_written_with_a_fraction_or_exponent()
    {
        SyncData data = await SyncData.CreateAsync();
        string tooMany = string.Join(", ", Enumerable.Repeat("\"bad\"", 10));

        (int refused, JsonNode problem) = await PutAsync(data, $$"""{ "salesforceTaskTypes": [{{tooMany}}], "maxPeoplePerMinute": 2.5 }""");
        (int taken, JsonNode stored) = await PutAsync(data, """{ "maxPeoplePerMinute": 1e2 }""");
        (int alsoTaken, JsonNode again) = await PutAsync(data, """{ "maxPeoplePerMinute": 300.0 }""");
        (int notWhole, JsonNode roundedUp) = await PutAsync(data, """{ "maxPeoplePerMinute": 299.9999999999999999999999999999 }""");

        Assert.Equal(400, refused);
        Assert.Equal(["salesforceTaskTypes", "maxPeoplePerMinute"], problem["errors"]!.AsArray().Select(e => e!["field"]!.GetValue<string>()));
        Assert.Equal((200, 100), (taken, stored["maxPeoplePerMinute"]!.GetValue<int>()));
        Assert.Equal((200, 300), (alsoTaken, again["maxPeoplePerMinute"]!.GetValue<int>()));
        Assert.Equal((400, "maxPeoplePerMinute"), (notWhole, roundedUp["errors"]![0]!["field"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_put_changes_only_the_fields_it_names_records_the_signed_in_user_and_switching_back_on_starts_a_full_resync()
    {
        SyncData data = await SyncData.CreateAsync();
        var durable = new Mock<DurableTaskClient>("test");

        (int offStatus, JsonNode off) = await PutAsync(data, """{ "enabled": false, "changedBy": "stated" }""", durable, principal: "ann@example.com");
        (int onStatus, JsonNode on) = await PutAsync(data, """{ "enabled": true, "salesforceTaskTypes": [] }""", durable);

        Assert.Equal(200, offStatus);
        Assert.False(off["enabled"]!.GetValue<bool>());
        Assert.Equal("ann@example.com", off["changedBy"]!.GetValue<string>());
        Assert.Equal("0 */1 * * * *", off["initialSyncSchedule"]!.GetValue<string>());
        Assert.Null(off["resync"]);
        Assert.Equal(200, onStatus);
        Assert.Equal(2, on["version"]!.GetValue<int>());
        Assert.Equal("unknown", on["changedBy"]!.GetValue<string>());
        Assert.Empty(on["salesforceTaskTypes"]!.AsArray());
        Assert.Equal("started", on["resync"]!.GetValue<string>());
        durable.Verify(d => d.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(), It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Of_several_requests_switching_the_sync_on_at_once_only_the_one_whose_change_was_recorded_answers_resync()
    {
        SyncData data = await SyncData.CreateAsync();
        await PutAsync(data, """{ "enabled": false, "changedBy": "off" }""");

        (int Status, JsonNode Body)[] answers = await Task.WhenAll(Enumerable.Range(1, 4).Select(i => PutAsync(data, $$"""{ "enabled": true, "changedBy": "r{{i}}" }""")));

        // One change recorded; the others changed nothing and start no re-sync (each answered with the settings as stored).
        StoredSyncSettings stored = await new SyncSettingsStore(data.Storage, new SyncSettings(), data.Prefix, TimeProvider.System).GetAsync();
        Assert.Equal(2, stored.Version);
        Assert.All(answers, a => Assert.Equal(200, a.Status));
        (int _, JsonNode switched) = Assert.Single(answers, a => a.Body["resync"] is not null);
        Assert.Equal(stored.ChangedBy, switched["changedBy"]!.GetValue<string>());
    }

    private static async Task<(int Status, JsonNode Body)> PutAsync(SyncData data, string json, Mock<DurableTaskClient>? durable = null, string? principal = null)
    {
        var settings = new AppSettings { Storage = StorageConnection.FromConnectionString("UseDevelopmentStorage=true") };
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddSingleton(settings.Handlers).BuildServiceProvider() };
        context.Request.Method = "PUT";
        context.Request.Body = new MemoryStream(Encoding.UTF8.GetBytes(json));
        if (principal is not null)
        {
            context.Request.Headers[SyncSettingsHandler.PrincipalHeader] = principal;
        }

        var handler = new SyncSettingsHandler(data.Settings, new InitialSyncStarter(settings.Handlers, data.Settings, new SyncStartClaim(data.Storage, Guid.NewGuid().ToString("N")), TimeProvider.System));
        IResult result = await handler.PutAsync(context.Request, (durable ?? new Mock<DurableTaskClient>("test")).Object, CancellationToken.None);
        object? value = ((IValueHttpResult)result).Value;
        return (((IStatusCodeHttpResult)result).StatusCode ?? 200, JsonSerializer.SerializeToNode(value, JsonDefaults.Options)!);
    }
}
