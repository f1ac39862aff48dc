using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Salesforce;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The Salesforce inbound poll against the fake org and Azurite: opt-outs and reminder tasks reach the sales side.</summary>
public sealed class SalesforceInboundTimerHandlerTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private readonly DateTimeOffset _now = DateTimeOffset.UtcNow;
    private readonly SettableClock _clock = new();
    private FakeSalesforce _salesforce = null!;
    private SalesforceOptions _options = null!;
    private SalesforceSession _session = null!;
    private SyncData _data = null!;
    private SalesActivityStore _activities = null!;
    private SyncCheckpointStore _checkpoints = null!;

    public async Task InitializeAsync()
    {
        _clock.Now = _now;
        _salesforce = await FakeSalesforce.StartAsync();
        _options = new SalesforceOptions(_salesforce.BaseUrl, FakeSalesforce.ClientId, FakeSalesforce.ClientSecret, FakeSalesforce.ApiVersion) { RetryDelay = TimeSpan.Zero };
        _session = new SalesforceSession(_http, _options);
        _data = await SyncData.CreateAsync();
        _activities = new SalesActivityStore(_data.Storage);
        // This test's own checkpoints: the polls of tests beside it keep theirs.
        TableClient state = _data.Storage.Table("SfInbound" + _data.Prefix);
        await state.CreateIfNotExistsAsync();
        _checkpoints = new SyncCheckpointStore(state);
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync()
    {
        await _data.Storage.Table("SfInbound" + _data.Prefix).DeleteAsync();
        await _salesforce.DisposeAsync();
    }

    private SalesforceInboundTimerHandler Handler(SalesPeopleStore? sales = null, int pageSize = ISalesforceChanges.MaxPageSize, int maxPages = 10) =>
        new(sales ?? _data.Sales, _activities, _checkpoints, _data.Settings, _clock, NullLogger<SalesforceInboundTimerHandler>.Instance, new SalesforceChangeReader(_session, _options))
        {
            PageSize = pageSize,
            MaxPagesPerStream = maxPages,
        };

    /// <summary>A Salesforce id unique to this test: <paramref name="prefix"/> (003 contact, 00Q lead), then 12 characters.</summary>
    private string SalesforceId(string prefix, int n) => string.Create(CultureInfo.InvariantCulture, $"{prefix}{_data.Prefix[1..]}{n:D4}");

    /// <summary>Person <paramref name="n"/> in marketing and in the sales copy, with the given Salesforce ids.</summary>
    private async Task<string> PersonAsync(int n, string? contactId, string? leadId = null)
    {
        TableEntity person = _data.Person(n, 10);
        person[PersonFields.SalesforceContactId] = contactId ?? "";
        person[PersonFields.SalesforceLeadId] = leadId ?? "";
        await _data.PutPeopleAsync(person);
        Assert.True(await _data.Sales.UpsertIfNewerAsync(SalesPerson.From(person)));
        return person.RowKey;
    }

    private void OptOut(string salesforceId, DateTimeOffset at) =>
        _salesforce.Edit(salesforceId, new JsonObject { ["HasOptedOutOfEmail"] = true }, at);

    private async Task<DateTimeOffset?> CheckpointAsync(int stream) =>
        SalesforceInboundTimerHandler.CheckpointTime(await _checkpoints.GetAsync(SalesforceInboundTimerHandler.Streams[stream]));

    private async Task<List<SalesActivity>> ActivitiesAsync(string marketoId) => (await _activities.ListAsync(marketoId, null, 100)).Activities;

    [Fact]
    public async Task An_opt_out_made_in_Salesforce_reaches_the_sales_side_and_not_marketing()
    {
        string contactId = SalesforceId("003", 1), leadId = SalesforceId("00Q", 2);
        string byContact = await PersonAsync(1, contactId + "AAA");
        string byLead = await PersonAsync(2, null, leadId);
        string untouched = await PersonAsync(3, SalesforceId("003", 3));
        OptOut(contactId, _now.AddMinutes(-10));
        OptOut(leadId, _now.AddMinutes(-9));
        OptOut(SalesforceId("003", 9), _now.AddMinutes(-8));

        SalesforceInboundResult first = await Handler().HandleAsync(CancellationToken.None);
        SalesforceInboundResult again = await Handler().HandleAsync(CancellationToken.None);

        Assert.Equal((3, 2), (first.OptOutsRead, first.SubscriptionsChanged));
        Assert.Equal((0, 0), (again.OptOutsRead, again.SubscriptionsChanged));
        foreach (string marketoId in new[] { byContact, byLead })
        {
            SalesActivity unsubscribe = Assert.Single(await ActivitiesAsync(marketoId));
            Assert.Equal((SalesActivityType.Unsubscribe, SalesActivityOrigin.Salesforce), (unsubscribe.Type, unsubscribe.Origin));
            Assert.True(await _activities.IsUnsubscribedAsync(marketoId));
            // Marketing keeps its own status and gets no activity: sales unsubscribes never go to marketing.
            Assert.Null((await _data.People.GetAsync(_data.Account, marketoId))?.GetBoolean(PersonFields.Unsubscribed));
            Assert.Empty(await new TableMarketingActivityLog(_data.Storage).ListAsync(marketoId));
        }

        Assert.False(await _activities.IsUnsubscribedAsync(untouched));
        Assert.Equal(byContact, (await _activities.GetAsync(byContact, SalesActivityStore.UnsubscribeId(byContact)))?.MarketoId);
        Assert.Empty(_salesforce.CollectionCalls);
    }

    [Fact]
    public async Task A_record_Salesforce_would_not_send_is_skipped_and_does_not_hold_the_checkpoint()
    {
        string contactId = SalesforceId("003", 1);
        string person = await PersonAsync(1, contactId);
        _salesforce.Edit(SalesforceId("003", 2), new JsonObject { ["HasOptedOutOfEmail"] = "true" }, _now.AddMinutes(-11));
        OptOut(contactId, _now.AddMinutes(-10));

        SalesforceInboundResult result = await Handler().HandleAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.OptOutsRead, result.SubscriptionsChanged));
        Assert.True(await _activities.IsUnsubscribedAsync(person));
        Assert.True(await CheckpointAsync(0) > _now.AddMinutes(-10));
    }

    [Fact]
    public async Task A_reminder_task_completed_in_Salesforce_updates_the_stored_task()
    {
        string contactId = SalesforceId("003", 1);
        string marketoId = await PersonAsync(1, contactId);
        var reminder = new SalesActivity($"{_data.Prefix}-reminder", marketoId, SalesActivityType.ReminderTask, _now.AddDays(2), "Call back", null, SalesActivityOrigin.Sales, contactId, null);
        var email = new SalesActivity($"{_data.Prefix}-email", marketoId, SalesActivityType.SendSalesEmail, _now.AddHours(-1), "Hello", null, SalesActivityOrigin.Sales, contactId, null);
        await _activities.AddAsync(reminder);
        await _activities.AddAsync(email);
        _salesforce.Clock = () => _now.AddMinutes(-20);
        IReadOnlyList<SalesforceWriteResult> written = await new SalesforceRestActivityLog(_session, _options)
            .WriteTasksAsync([SalesforceTask.From(reminder)!, SalesforceTask.From(email)!], CancellationToken.None);
        _clock.Now = _now.AddMinutes(-10);
        await Handler().HandleAsync(CancellationToken.None);
        SalesTaskState? open = (await _activities.GetAsync(marketoId, reminder.Id))?.TaskState;

        DateTimeOffset completedAt = _now.AddMinutes(-5);
        _salesforce.Edit(written[0].SalesforceId!, new JsonObject { ["Status"] = "Completed", ["IsClosed"] = true, ["CompletedDateTime"] = FakeSalesforce.Format(completedAt) }, completedAt);
        _salesforce.Edit(written[1].SalesforceId!, new JsonObject { ["Subject"] = "Hello again" }, completedAt);
        _clock.Now = _now;
        SalesforceInboundResult result = await Handler().HandleAsync(CancellationToken.None);

        SalesActivity? stored = await _activities.GetAsync(marketoId, reminder.Id);
        Assert.Equal(new SalesTaskState(written[0].SalesforceId!, SalesforceTask.NotStarted, DateOnly.FromDateTime(_now.AddDays(2).UtcDateTime), false, null, open!.ModifiedAt), open);
        Assert.Equal((1, 1), (result.TasksRead, result.RemindersUpdated));
        Assert.Equal(
            new SalesTaskState(written[0].SalesforceId!, "Completed", DateOnly.FromDateTime(_now.AddDays(2).UtcDateTime), true, new DateTimeOffset(completedAt.UtcTicks - completedAt.UtcTicks % TimeSpan.TicksPerMillisecond, TimeSpan.Zero), stored!.TaskState!.ModifiedAt),
            stored.TaskState);
        Assert.Null((await _activities.GetAsync(marketoId, email.Id))?.TaskState);

        // Reopened, its due date cleared: the completion time and the due date go too.
        DateTimeOffset reopenedAt = _now.AddMinutes(1);
        _salesforce.Edit(written[0].SalesforceId!, new JsonObject { ["Status"] = "Deferred", ["IsClosed"] = false, ["CompletedDateTime"] = null, ["ActivityDate"] = null }, reopenedAt);
        _clock.Now = _now.AddMinutes(10);
        await Handler().HandleAsync(CancellationToken.None);
        SalesTaskState? reopened = (await _activities.GetAsync(marketoId, reminder.Id))?.TaskState;
        Assert.Equal((written[0].SalesforceId, "Deferred", null, false, null), (reopened?.SalesforceTaskId, reopened?.Status, reopened?.DueDate, reopened?.Completed, reopened?.CompletedAt));
        Assert.Equal("Call back", (await _activities.GetAsync(marketoId, reminder.Id))?.Subject);
    }

    [Fact]
    public async Task An_opt_out_cleared_in_Salesforce_resubscribes_the_sales_side_in_order_and_not_marketing()
    {
        string contactId = SalesforceId("003", 1), leadId = SalesforceId("00Q", 1);
        string marketoId = await PersonAsync(1, contactId, leadId);
        string neverUnsubscribed = await PersonAsync(2, SalesforceId("003", 2));
        OptOut(contactId, _now.AddMinutes(-40));
        _clock.Now = _now.AddMinutes(-30);
        SalesforceInboundResult unsubscribed = await Handler().HandleAsync(CancellationToken.None);
        bool afterOptOut = await _activities.IsUnsubscribedAsync(marketoId);

        // The admin clears the contact's opt-out; the lead's opt-out, older than that, is read after it in the same tick.
        _salesforce.Edit(contactId, new JsonObject { ["HasOptedOutOfEmail"] = false }, _now.AddMinutes(-25));
        OptOut(leadId, _now.AddMinutes(-28));
        _salesforce.Edit(SalesforceId("003", 2), new JsonObject { ["HasOptedOutOfEmail"] = false, ["Email"] = "new@example.com" }, _now.AddMinutes(-25));
        _clock.Now = _now.AddMinutes(-15);
        SalesforceInboundResult resubscribed = await Handler().HandleAsync(CancellationToken.None);
        bool afterOptIn = await _activities.IsUnsubscribedAsync(marketoId);
        SalesforceInboundResult again = await Handler().HandleAsync(CancellationToken.None);

        // A newer opt-out unsubscribes again.
        OptOut(leadId, _now.AddMinutes(-10));
        _clock.Now = _now;
        SalesforceInboundResult unsubscribedAgain = await Handler().HandleAsync(CancellationToken.None);

        Assert.Equal((1, 1), (unsubscribed.OptOutsRead, unsubscribed.SubscriptionsChanged));
        Assert.True(afterOptOut);
        Assert.Equal((3, 1), (resubscribed.OptOutsRead, resubscribed.SubscriptionsChanged));
        Assert.False(afterOptIn);
        Assert.Equal((0, 0), (again.OptOutsRead, again.SubscriptionsChanged));
        Assert.Equal((1, 1), (unsubscribedAgain.OptOutsRead, unsubscribedAgain.SubscriptionsChanged));
        Assert.True(await _activities.IsUnsubscribedAsync(marketoId));
        SalesActivity unsubscribe = Assert.Single(await ActivitiesAsync(marketoId));
        Assert.Equal((SalesActivityOrigin.Salesforce, $"opted out of email in Salesforce ({leadId})"), (unsubscribe.Origin, unsubscribe.Detail));
        // A cleared opt-out of someone never unsubscribed records nothing; marketing and Salesforce are never written.
        Assert.Empty(await ActivitiesAsync(neverUnsubscribed));
        Assert.Null((await _data.People.GetAsync(_data.Account, marketoId))?.GetBoolean(PersonFields.Unsubscribed));
        Assert.Empty(await new TableMarketingActivityLog(_data.Storage).ListAsync(marketoId));
        Assert.Empty(_salesforce.CollectionCalls);
    }

    [Fact]
    public async Task A_sellers_unsubscribe_after_a_Salesforce_resubscribe_unsubscribes_again_and_an_older_opt_in_does_not_undo_it()
    {
        string contactId = SalesforceId("003", 1);
        string marketoId = await PersonAsync(1, contactId);
        SalesActivity Unsubscribe(DateTimeOffset at, SalesActivityOrigin origin, string? detail = null) =>
            new(SalesActivityStore.UnsubscribeId(marketoId), marketoId, SalesActivityType.Unsubscribe, at, null, detail, origin, contactId, null);

        bool optedOut = await _activities.ApplySalesforceOptOutAsync(Unsubscribe(_now.AddMinutes(-30), SalesActivityOrigin.Salesforce, "opted out of email in Salesforce"), true, _now.AddMinutes(-30));
        bool optedIn = await _activities.ApplySalesforceOptOutAsync(Unsubscribe(_now.AddMinutes(-20), SalesActivityOrigin.Salesforce), false, _now.AddMinutes(-20));
        bool optedInAgain = await _activities.ApplySalesforceOptOutAsync(Unsubscribe(_now.AddMinutes(-20), SalesActivityOrigin.Salesforce), false, _now.AddMinutes(-20));
        (SalesActivity _, bool sellerUnsubscribed) = await _activities.UnsubscribeAsync(Unsubscribe(_now.AddMinutes(-25), SalesActivityOrigin.Sales));
        (SalesActivity stored, bool sellerAgain) = await _activities.UnsubscribeAsync(Unsubscribe(_now, SalesActivityOrigin.Sales));
        // The opt-in read again before the seller's unsubscribe reached Salesforce is no newer than the row's state.
        bool staleOptIn = await _activities.ApplySalesforceOptOutAsync(Unsubscribe(_now.AddMinutes(-20), SalesActivityOrigin.Salesforce), false, _now.AddMinutes(-20));

        Assert.Equal((true, true, false), (optedOut, optedIn, optedInAgain));
        Assert.Equal((true, false, false), (sellerUnsubscribed, sellerAgain, staleOptIn));
        Assert.Equal((SalesActivityOrigin.Sales, null), (stored.Origin, stored.Detail)); // the seller gave no reason: Salesforce's is not kept
        Assert.True(await _activities.IsUnsubscribedAsync(marketoId));
    }

    [Fact]
    public async Task A_reminder_task_whose_WhoId_changed_in_Salesforce_is_found_by_its_activity_id()
    {
        string contactId = SalesforceId("003", 1), otherContactId = SalesforceId("003", 2);
        string marketoId = await PersonAsync(1, contactId);
        string other = await PersonAsync(2, otherContactId);
        var reminder = new SalesActivity($"{_data.Prefix}-reminder", marketoId, SalesActivityType.ReminderTask, _now.AddDays(2), "Call back", null, SalesActivityOrigin.Sales, contactId, null);
        await _activities.AddAsync(reminder);
        _salesforce.Clock = () => _now.AddMinutes(-20);
        IReadOnlyList<SalesforceWriteResult> written = await new SalesforceRestActivityLog(_session, _options).WriteTasksAsync([SalesforceTask.From(reminder)!], CancellationToken.None);

        // An admin moves the task to another contact (in the sales copy too) and completes it.
        DateTimeOffset completedAt = _now.AddMinutes(-5);
        _salesforce.Edit(written[0].SalesforceId!, new JsonObject { ["WhoId"] = otherContactId, ["Status"] = "Completed", ["IsClosed"] = true }, completedAt);
        SalesforceInboundResult result = await Handler().HandleAsync(CancellationToken.None);

        Assert.Equal((1, 1), (result.TasksRead, result.RemindersUpdated));
        SalesTaskState? state = (await _activities.GetAsync(marketoId, reminder.Id))?.TaskState;
        Assert.Equal((written[0].SalesforceId, "Completed", true), (state?.SalesforceTaskId, state?.Status, state?.Completed));
        Assert.Empty(await ActivitiesAsync(other));
        Assert.Equal(marketoId, Assert.Single(await _activities.FindReminderOwnersAsync(reminder.Id)));
    }

    [Fact]
    public async Task Pages_are_read_up_to_the_bound_per_tick_and_the_next_tick_reads_on_from_the_checkpoint()
    {
        // 450 opt-outs a second apart; people behind the 11th, the 251st and the 441st.
        string[] people = [await PersonAsync(10, SalesforceId("003", 10)), await PersonAsync(250, SalesforceId("003", 250)), await PersonAsync(440, SalesforceId("003", 440))];
        DateTimeOffset first = WholeSecond(_now.AddMinutes(-30));
        for (int i = 0; i < 450; i++)
        {
            OptOut(SalesforceId("003", i), first.AddSeconds(i));
        }

        SalesforceInboundResult tick1 = await Handler(pageSize: 200, maxPages: 2).HandleAsync(CancellationToken.None);
        DateTimeOffset? afterTick1 = await CheckpointAsync(0);
        bool lastUnsubscribedEarly = await _activities.IsUnsubscribedAsync(people[2]);
        SalesforceInboundResult tick2 = await Handler(pageSize: 200, maxPages: 2).HandleAsync(CancellationToken.None);

        Assert.Equal((400, 2), (tick1.OptOutsRead, tick1.SubscriptionsChanged));
        Assert.Equal(first.AddSeconds(399), afterTick1);
        Assert.False(lastUnsubscribedEarly);
        // The second of the last record applied is read again (Salesforce compares whole seconds), then the rest.
        Assert.Equal((51, 1), (tick2.OptOutsRead, tick2.SubscriptionsChanged));
        Assert.True(await CheckpointAsync(0) > first.AddSeconds(449));
        foreach (string marketoId in people)
        {
            Assert.Single(await ActivitiesAsync(marketoId));
        }

        // Contact pages: two in the first tick (the bound), one in the second; each asked for 200.
        Assert.Equal(
            [(200, 200), (200, 200), (200, 51)],
            _salesforce.QueryCalls.Where(c => c.Query.Contains("FROM Contact", StringComparison.Ordinal) || c.Query.StartsWith("01g", StringComparison.Ordinal)).Select(c => (c.BatchSize, c.Records)));
    }

    [Fact]
    public async Task More_records_in_one_second_than_the_bound_are_read_on_in_one_tick_so_the_checkpoint_passes_them()
    {
        // A mass update: 500 opt-outs in one second, past the bound of 2 pages of 200; the person behind the last.
        string last = await PersonAsync(499, SalesforceId("003", 499));
        DateTimeOffset massUpdate = WholeSecond(_now.AddMinutes(-30));
        for (int i = 0; i < 500; i++)
        {
            OptOut(SalesforceId("003", i), massUpdate);
        }

        SalesforceInboundResult tick = await Handler(pageSize: 200, maxPages: 2).HandleAsync(CancellationToken.None);

        Assert.Equal(500, tick.OptOutsRead);
        Assert.True(await CheckpointAsync(0) > massUpdate);
        Assert.True(await _activities.IsUnsubscribedAsync(last));
    }

    [Fact]
    public async Task A_checkpoint_moves_only_past_applied_pages_and_a_retried_tick_applies_each_change_once()
    {
        string[] people = [await PersonAsync(10, SalesforceId("003", 10)), await PersonAsync(300, SalesforceId("003", 300))];
        DateTimeOffset first = WholeSecond(_now.AddMinutes(-30));
        for (int i = 0; i < 450; i++)
        {
            OptOut(SalesforceId("003", i), first.AddSeconds(i));
        }

        // Applying fails (the sales side's index cannot be read): nothing is kept as done.
        var broken = new SalesPeopleStore(
            new ShardedTable(_data.Storage, TableNames.SalesPeople, SalesBuckets.IndexOf),
            new ShardedTable(_data.Storage, TableNames.SalesPeopleByEmail, SalesBuckets.IndexOf),
            ShardedTable.Unsharded(_data.Storage.Table("Missing" + _data.Prefix)));
        await Assert.ThrowsAsync<RequestFailedException>(() => Handler(broken, pageSize: 200).HandleAsync(CancellationToken.None));
        DateTimeOffset? afterFailedApply = await CheckpointAsync(0);

        // Salesforce fails after the first page (the tick ends as if the process died there): the first page stays applied.
        _salesforce.FailQueryPages(afterPages: 1, times: _options.MaxAttempts);
        await Assert.ThrowsAsync<SalesforceException>(() => Handler(pageSize: 200).HandleAsync(CancellationToken.None));
        DateTimeOffset? afterFailedRead = await CheckpointAsync(0);
        bool firstApplied = await _activities.IsUnsubscribedAsync(people[0]), secondApplied = await _activities.IsUnsubscribedAsync(people[1]);

        SalesforceInboundResult retried = await Handler(pageSize: 200).HandleAsync(CancellationToken.None);

        Assert.Null(afterFailedApply);
        Assert.Equal(first.AddSeconds(199), afterFailedRead);
        Assert.Equal((true, false), (firstApplied, secondApplied));
        Assert.Equal((251, 1), (retried.OptOutsRead, retried.SubscriptionsChanged));
        foreach (string marketoId in people)
        {
            Assert.Single(await ActivitiesAsync(marketoId));
        }
    }

    [Fact]
    public async Task The_sync_status_shows_each_streams_checkpoint()
    {
        var durable = new Mock<DurableTaskClient>("test");
        var reader = new SalesforceChangeReader(_session, _options);
        JsonNode before = await StatusAsync(new GetSyncStatusHandler(_clock, _checkpoints, _data.Settings, null, reader), durable.Object);

        await Handler().HandleAsync(CancellationToken.None);
        JsonNode after = await StatusAsync(new GetSyncStatusHandler(_clock, _checkpoints, _data.Settings, null, reader), durable.Object);
        JsonNode withoutOrg = await StatusAsync(new GetSyncStatusHandler(_clock, _checkpoints, _data.Settings), durable.Object);

        Assert.Equal("Polling", before["status"]!.GetValue<string>());
        Assert.All(SalesforceInboundTimerHandler.Streams, stream => Assert.Null(before["checkpoints"]![stream]));
        DateTimeOffset until = WholeSecond(_now - SalesforceInboundTimerHandler.SettleTime);
        Assert.All(SalesforceInboundTimerHandler.Streams, stream => Assert.Equal(until, after["checkpoints"]![stream]!.GetValue<DateTimeOffset>()));
        Assert.Equal("NotPolled", withoutOrg["status"]!.GetValue<string>());
    }

    private static async Task<JsonNode> StatusAsync(GetSyncStatusHandler handler, DurableTaskClient durable)
    {
        IResult result = await handler.HandleAsync(durable, CancellationToken.None);
        return JsonSerializer.SerializeToNode(((IValueHttpResult)result).Value, JsonDefaults.Options)!["salesforce"]!;
    }

    [Fact]
    public async Task With_the_sync_switched_off_nothing_is_read_and_the_checkpoints_stay()
    {
        string marketoId = await PersonAsync(1, SalesforceId("003", 1));
        OptOut(SalesforceId("003", 1), _now.AddMinutes(-10));
        await _data.Settings.ChangeAsync(s => s with { Enabled = false }, "test");

        SalesforceInboundResult result = await Handler().HandleAsync(CancellationToken.None);

        Assert.False(result.Polled);
        Assert.Empty(_salesforce.QueryCalls);
        Assert.Null(await CheckpointAsync(0));
        Assert.False(await _activities.IsUnsubscribedAsync(marketoId));
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);

    /// <summary>The poll's clock, set by the test, so a change can lie inside or beyond a tick's window.</summary>
    private sealed class SettableClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
