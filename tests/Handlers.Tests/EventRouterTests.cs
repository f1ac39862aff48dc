using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues.Models;
using JourneyFunctions.Activities.Journeys;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// The routing index written by the listen step's activity and read by the event router, on Azurite; the Durable
/// client is a mock that records which batch, event name and events each delivery was raised with.
/// </summary>
[Trait("Tier", "Integration")]
public sealed class EventRouterTests
{
    private static readonly StorageAccount Storage = new(TestStorage.ConnectionString);
    private static readonly Lazy<Task> Created = new(() => Storage.EnsureCreatedAsync());
    private readonly string _prefix = "t" + Guid.NewGuid().ToString("N")[..10];
    private readonly ListenerIndex _listeners = new(Storage);
    private readonly EventRoutingStats _stats = new(TimeProvider.System);
    private readonly List<(string Instance, string Name, RaisedEvent[] Events)> _raised = [];
    private readonly Mock<DurableTaskClient> _client = new("test");

    public EventRouterTests()
    {
        _client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Callback((string instance, string name, object? payload, CancellationToken _) =>
            {
                lock (_raised)
                {
                    _raised.Add((instance, name, (RaisedEvent[])payload!));
                }
            })
            .Returns(Task.CompletedTask);
    }

    private string Account(int i) => $"{_prefix}-a{i}";

    private string Run(int i) => $"{_prefix}-run{i}";

    private EventRouter Router() => new(_listeners, _stats, NullLogger<EventRouter>.Instance);

    private async Task ListenAsync(string runId, string nodeId, int batch, string key, bool arrived, params string[] accounts)
    {
        await Created.Value;
        var activity = new RecordNodePositionsActivity(new NodePositionStore(Storage), _listeners, new JourneyStore(Storage));
        await activity.RunAsync(new NodePositionsRequest(runId, nodeId, batch, accounts, arrived, key), CancellationToken.None);
    }

    [Fact]
    public async Task Routing_rows_written_after_the_journey_was_aborted_are_taken_back()
    {
        await Created.Value;
        var journeys = new JourneyStore(Storage);
        JourneyInfo journey = await journeys.CreateAsync(JsonSerializer.Deserialize<JourneyDefinition>(
            """{ "name": "aborted", "nodes": [ { "id": "start", "type": "start", "audience": { "accounts": ["a-1"] } }, { "id": "end", "type": "end" } ], "edges": [ { "from": "start", "to": "end" } ] }""",
            JsonDefaults.Options)!);
        await journeys.PublishAsync(journey.Id);
        var activity = new RecordNodePositionsActivity(new NodePositionStore(Storage), _listeners, journeys);
        const string Key = "account:interestingMoment";

        // Live: the listen is recorded. Then an abort (which removes what it finds) and a late arrival of another batch.
        await activity.RunAsync(new NodePositionsRequest(Run(1), "listen", 0, [Account(0)], Arrived: true, Key, journey.Id), CancellationToken.None);
        await journeys.TransitionAsync(journey.Id, JourneyStatus.Aborted, new HashSet<JourneyStatus> { JourneyStatus.Live });
        await activity.RunAsync(new NodePositionsRequest(Run(1), "listen", 1, [Account(1)], Arrived: true, Key, journey.Id), CancellationToken.None);

        Assert.Equal([new Listener(Run(1), "listen", 0)], await _listeners.FindAsync(Key, Account(0)));
        Assert.Empty(await _listeners.FindAsync(Key, Account(1)));
        Assert.Empty(await _listeners.ListenedKeysAsync([Key], onlyRun: Run(1)));
        Assert.Equal([Account(0)], (await new NodePositionStore(Storage).ListAsync(Run(1), "listen", continuation: null, pageSize: 10)).Accounts);
    }

    [Fact]
    public async Task An_event_reaches_exactly_the_listens_waiting_for_it_on_that_account()
    {
        await ListenAsync(Run(1), "listen", 3, "people:personDataChange", arrived: true, Account(0), Account(1));
        await ListenAsync(Run(2), "hear", 0, "people:personDataChange", arrived: true, Account(0));
        await ListenAsync(Run(2), "moment", 0, "account:interestingMoment", arrived: true, Account(0));
        var change = new RaisedEvent("people", "personDataChange", Account(0), "p1", new Dictionary<string, string?> { ["attribute"] = "Title", ["newValue"] = "CTO" });

        int[] delivered = await Router().RouteAsync(_client.Object, [change, change with { AccountId = Account(5) }], onlyRun: null, CancellationToken.None);

        Assert.Equal([2, 0], delivered);
        Assert.Equal(
            [($"{Run(1)}:b00003", "people:personDataChange:listen"), ($"{Run(2)}:b00000", "people:personDataChange:hear")],
            _raised.Select(r => (r.Instance, r.Name)).Order());
        Assert.All(_raised, r => Assert.Equal("CTO", Assert.Single(r.Events).Attributes!["newValue"]));
        Assert.Equal((2, 1, 1, 2), (_stats.Received, _stats.Routed, _stats.Dropped, _stats.Delivered));
    }

    [Fact]
    public async Task A_listen_hears_only_events_raised_since_it_started_listening()
    {
        await Created.Value;
        DateTimeOffset since = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
        var activity = new RecordNodePositionsActivity(new NodePositionStore(Storage), _listeners, new JourneyStore(Storage));
        await activity.RunAsync(new NodePositionsRequest(Run(1), "listen", 0, [Account(0)], Arrived: true, "account:dataValueChange", At: since), CancellationToken.None);
        var change = new RaisedEvent("account", "dataValueChange", Account(0));

        // An event that waited in the queue since before the account arrived (an upstream action's own) is not heard;
        // one raised at the arrival or after it, or one without a time (raised now, e.g. POSTed to the run), is.
        int[] delivered = await Router().RouteAsync(
            _client.Object,
            [change with { RaisedAt = since.AddMilliseconds(-1) }, change with { RaisedAt = since }, change with { RaisedAt = since.AddSeconds(5) }, change],
            onlyRun: null,
            CancellationToken.None);

        Assert.Equal([0, 1, 1, 1], delivered);
        Assert.Equal(3, Assert.Single(_raised).Events.Length);
        Assert.Equal((4, 3, 1, 3), (_stats.Received, _stats.Routed, _stats.Dropped, _stats.Delivered));
    }

    [Fact]
    public async Task An_arriving_account_can_hear_its_event_before_the_run_shows_it_at_the_listen_node()
    {
        await ListenAsync(Run(1), "listen", 0, "people:personDataChange", arrived: true, Account(0), Account(1), Account(2));

        // A client that sees an account at the node and then emits its event must not be dropped: every routing row
        // is older than every position (storage timestamps), so the positions were written after the rows.
        string run = Run(1);
        List<DateTimeOffset> routed = await TimestampsAsync(TableNames.EventListeners, TableClient.CreateQueryFilter($"Run eq {run}"));
        List<DateTimeOffset> shown = await TimestampsAsync(TableNames.NodePositions, TableClient.CreateQueryFilter($"PartitionKey gt {run + "|"} and PartitionKey lt {run + "}"}"));
        Assert.Equal((3, 3), (routed.Count, shown.Count));
        Assert.True(routed.Max() <= shown.Min(), $"routing rows written up to {routed.Max():O}, positions from {shown.Min():O}");
    }

    private static async Task<List<DateTimeOffset>> TimestampsAsync(string table, string filter)
    {
        var stamps = new List<DateTimeOffset>();
        await foreach (TableEntity row in Storage.Table(table).QueryAsync<TableEntity>(filter, select: ["Timestamp"]))
        {
            stamps.Add(row.Timestamp!.Value);
        }

        return stamps;
    }

    [Fact]
    public async Task Events_for_one_listen_node_of_a_batch_are_raised_there_as_one_delivery_in_their_order()
    {
        await ListenAsync(Run(1), "listen", 0, "account:interestingMoment", arrived: true, Account(0), Account(1), Account(2));
        await ListenAsync(Run(1), "listen", 1, "account:interestingMoment", arrived: true, Account(3));
        RaisedEvent Moment(int i) => new("account", "interestingMoment", Account(i));

        int[] delivered = await Router().RouteAsync(_client.Object, [Moment(2), Moment(3), Moment(0), Moment(9), Moment(2)], onlyRun: null, CancellationToken.None);

        Assert.Equal([1, 1, 1, 0, 1], delivered);
        Assert.Equal(
            [($"{Run(1)}:b00000", "account:interestingMoment:listen", new[] { Account(2), Account(0), Account(2) }), ($"{Run(1)}:b00001", "account:interestingMoment:listen", new[] { Account(3) })],
            _raised.Select(r => (r.Instance, r.Name, r.Events.Select(e => e.AccountId).ToArray())).OrderBy(r => r.Instance));
    }

    [Fact]
    public async Task One_run_only_and_nobody_after_leaving()
    {
        await ListenAsync(Run(1), "listen", 0, "account:dataValueChange", arrived: true, Account(0), Account(1));
        await ListenAsync(Run(2), "listen", 0, "account:dataValueChange", arrived: true, Account(0));
        await ListenAsync(Run(1), "listen", 0, "account:dataValueChange", arrived: false, Account(1));
        await ListenAsync(Run(1), "listen", 0, "account:dataValueChange", arrived: false, Account(1)); // a retried leave
        var change = new RaisedEvent("account", "dataValueChange", Account(0));

        int[] delivered = await Router().RouteAsync(_client.Object, [change, change with { AccountId = Account(1) }], onlyRun: Run(1), CancellationToken.None);

        Assert.Equal([1, 0], delivered);
        Assert.Equal([$"{Run(1)}:b00000"], _raised.Select(r => r.Instance));
        Assert.Equal(1, _stats.Dropped);
    }

    [Fact]
    public async Task An_aborted_run_leaves_the_index()
    {
        await ListenAsync(Run(1), "listen", 0, "account:dataValueChange", arrived: true, Account(0), Account(1));
        await ListenAsync(Run(2), "listen", 0, "account:dataValueChange", arrived: true, Account(0));

        Assert.Equal(2, await _listeners.RemoveRunAsync(Run(1)));

        Assert.Equal([new Listener(Run(2), "listen", 0)], await _listeners.FindAsync("account:dataValueChange", Account(0)));
        Assert.Empty(await _listeners.FindAsync("account:dataValueChange", Account(1)));
        Assert.Empty(await _listeners.ListenedKeysAsync(["account:dataValueChange"], Run(1)));
        Assert.Equal(["account:dataValueChange"], await _listeners.ListenedKeysAsync(["account:dataValueChange"], Run(2)));
    }

    [Fact]
    public async Task A_listen_writes_its_key_marker_before_its_rows()
    {
        await Created.Value;
        var noMarkers = new ListenerIndex(Storage.Table(TableNames.EventListeners), Storage.Table(_prefix + "NoSuchTable"));

        await Assert.ThrowsAsync<RequestFailedException>(() => noMarkers.AddAsync("account:dataValueChange", Run(1), "listen", 0, [Account(0)]));

        Assert.Empty(await _listeners.FindAsync("account:dataValueChange", Account(0)));
    }

    [Fact]
    public async Task An_event_key_nobody_listens_for_costs_no_per_account_query()
    {
        await Created.Value;
        TableClient markers = Storage.Table(_prefix + "Keys");
        await markers.CreateAsync();
        try
        {
            // Its listener table does not exist: a per-account query would fail.
            var index = new ListenerIndex(Storage.Table(_prefix + "NoSuchTable"), markers);
            var router = new EventRouter(index, _stats, NullLogger<EventRouter>.Instance);

            int[] delivered = await router.RouteAsync(_client.Object, [new("account", "dataValueChange", Account(0)), new("people", "personDataChange", Account(1), "p1")], onlyRun: null, CancellationToken.None);

            Assert.Equal([0, 0], delivered);
            Assert.Empty(_raised);
            Assert.Equal((2, 0, 2), (_stats.Received, _stats.Routed, _stats.Dropped));
        }
        finally
        {
            await markers.DeleteAsync();
        }
    }

    [Fact]
    public async Task A_marker_outlives_the_accounts_that_left_and_goes_when_the_run_ends()
    {
        const string Key = "account:interestingMoment";
        await ListenAsync(Run(1), "listen", 0, Key, arrived: true, Account(0));
        await ListenAsync(Run(1), "listen", 0, Key, arrived: false, Account(0));
        var moment = new RaisedEvent("account", "interestingMoment", Account(0));

        // Stale marker, no rows: the per-account query runs and finds nobody.
        Assert.Equal([Key], await _listeners.ListenedKeysAsync([Key, "account:dataValueChange"], Run(1)));
        int[] reached = await Router().RouteAsync(_client.Object, [moment], Run(1), CancellationToken.None);
        Assert.Equal([0], reached);

        // Another batch of the run listens at the node while the marker stands: reached.
        await ListenAsync(Run(1), "listen", 1, Key, arrived: true, Account(0));
        reached = await Router().RouteAsync(_client.Object, [moment], Run(1), CancellationToken.None);
        Assert.Equal([1], reached);
        await ListenAsync(Run(1), "listen", 1, Key, arrived: false, Account(0));

        await _listeners.EndRunAsync(Run(1));
        await _listeners.EndRunAsync(Run(1)); // a retried end
        Assert.Empty(await _listeners.ListenedKeysAsync([Key], Run(1)));
        reached = await Router().RouteAsync(_client.Object, [moment], Run(1), CancellationToken.None);
        Assert.Equal([0], reached);
        Assert.Equal([$"{Run(1)}:b00001"], _raised.Select(r => r.Instance));
    }

    [Fact]
    public async Task Published_events_are_routed_from_the_queue_in_messages_of_at_most_100()
    {
        await ListenAsync(Run(1), "listen", 0, "account:buyingGroupStageChange", arrived: true, Account(7));
        // A queue of its own: a local host of another test project on this Azurite polls journey-events.
        string queueName = "journey-events-" + Guid.NewGuid().ToString("N")[..12];
        var queue = Storage.Queue(queueName);
        await queue.CreateAsync();
        List<RaisedEvent> events = [.. Enumerable.Range(0, 150).Select(i => new RaisedEvent("account", "buyingGroupStageChange", Account(i)))];

        await new JourneyEventPublisher(Storage, queueName).PublishAsync(events);

        QueueMessage[] messages = (await queue.ReceiveMessagesAsync(32)).Value;
        Assert.Equal([100, 50], messages.Select(m => JsonSerializer.Deserialize<JourneyEventMessage>(m.Body.ToString(), JsonDefaults.Options)!.Events.Count).Order().Reverse());
        var handler = new JourneyEventQueueHandler(Router(), TimeProvider.System);
        foreach (QueueMessage message in messages)
        {
            await handler.HandleAsync(message.Body.ToString(), _client.Object, CancellationToken.None);
        }

        Assert.Equal([($"{Run(1)}:b00000", "account:buyingGroupStageChange:listen", Account(7))], _raised.Select(r => (r.Instance, r.Name, Assert.Single(r.Events).AccountId)));
        Assert.Equal((150, 1, 149), (_stats.Received, _stats.Routed, _stats.Dropped));
        await Assert.ThrowsAsync<InvalidDataException>(() => handler.HandleAsync("""{ "events": [ { "scope": "account", "type": "nope", "accountId": "a" } ] }""", _client.Object, CancellationToken.None));
        await queue.DeleteAsync();
    }

    [Fact]
    public async Task Events_of_the_longest_values_an_action_may_set_fit_a_queue_message_and_still_meet_no_condition_they_differ_from()
    {
        await ListenAsync(Run(1), "listen", 0, "account:dataValueChange", arrived: true, Account(0), Account(1));
        string queueName = "journey-events-" + Guid.NewGuid().ToString("N")[..12];
        var queue = Storage.Queue(queueName);
        await queue.CreateAsync();
        // 30,000 characters (an action setting's bound) that JSON escapes six bytes each; the 1,000-character one is a condition's longest.
        string longest = new('\u00e9', 30_000);
        string exact = new('\ud55c', EventTrigger.MaxConditionLength);
        RaisedEvent[] events = [.. DomainEvents.AccountDataChanges([Account(0), Account(1)], new Dictionary<string, string?> { ["Notes"] = longest, ["Motto"] = exact })];

        // Before values were cut, one such event alone was over the queue's 64 KiB, and the action failed for good.
        await new JourneyEventPublisher(Storage, queueName).PublishAsync(events);

        var handler = new JourneyEventQueueHandler(Router(), TimeProvider.System);
        foreach (QueueMessage message in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            await handler.HandleAsync(message.Body.ToString(), _client.Object, CancellationToken.None);
        }

        RaisedEvent[] heard = [.. _raised.SelectMany(r => r.Events)];
        Assert.Equal(4, heard.Length);
        RaisedEvent notes = heard.First(e => e.Attributes!["attribute"] == "Notes");
        Assert.Equal(RaisedEvent.MaxValueLength, notes.Attributes!["newValue"]!.Length);
        Assert.False(new EventTrigger("account", "dataValueChange") { Value = longest[..EventTrigger.MaxConditionLength] }.Matches(notes));
        Assert.True(new EventTrigger("account", "dataValueChange") { Value = exact }.Matches(heard.First(e => e.Attributes!["attribute"] == "Motto")));
        await queue.DeleteAsync();
    }

    [Theory]
    [InlineData("""{ "events": [] }""", "it needs 1-100 events (got 0)")]
    [InlineData("""{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a" }, null ] }""", "events[1]: is null")]
    [InlineData("""{ "events": [ { "scope": "team", "type": "dataValueChange", "accountId": "a" } ] }""", "events[0]: scope is not account or people")]
    [InlineData("""{ "events": [ { "scope": "account", "type": "nope", "accountId": "a" } ] }""", "events[0]: type is not a known account event")]
    [InlineData("""{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a/b" } ] }""", "events[0]: accountId is not a valid id")]
    [InlineData("""{ "events": [ { "scope": "people", "type": "personDataChange", "accountId": "a" } ] }""", "events[0]: personId is required for a people event")]
    [InlineData("""{ "events": [ { "scope": "people", "type": "personDataChange", "accountId": "a", "personId": "p#1" } ] }""", "events[0]: personId is not a valid id")]
    [InlineData("""{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a", "raisedAt": "2999-01-01T00:00:00Z" } ] }""", "events[0]: raisedAt is more than a day past this host's clock")]
    [InlineData("""{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a" }, { "scope": "account", "type": "dataValueChange", "accountId": "a", "attributes": { "": "v" } } ] }""", "events[1]: attribute names are 1-128 characters (got 0)")]
    public async Task A_malformed_event_message_is_refused_naming_the_event_and_its_problem(string message, string problem)
    {
        InvalidDataException refused = await Assert.ThrowsAsync<InvalidDataException>(() => new JourneyEventQueueHandler(Router(), TimeProvider.System).HandleAsync(message, _client.Object, CancellationToken.None));

        Assert.StartsWith($"Invalid journey event message: {problem}: ", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_raised);
    }

    [Fact]
    public async Task An_event_message_with_more_attributes_than_an_event_takes_or_an_unreadable_time_is_refused_naming_it()
    {
        var handler = new JourneyEventQueueHandler(Router(), TimeProvider.System);
        string attributes = string.Join(",", Enumerable.Range(0, RunEventsHandler.MaxAttributes + 1).Select(i => $"\"a{i}\": \"v\""));

        InvalidDataException tooMany = await Assert.ThrowsAsync<InvalidDataException>(() => handler.HandleAsync(
            $$"""{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a", "attributes": { {{attributes}} } } ] }""", _client.Object, CancellationToken.None));
        InvalidDataException badTime = await Assert.ThrowsAsync<InvalidDataException>(() => handler.HandleAsync(
            """{ "events": [ { "scope": "account", "type": "dataValueChange", "accountId": "a" }, { "scope": "account", "type": "dataValueChange", "accountId": "a", "raisedAt": "nope" } ] }""", _client.Object, CancellationToken.None));

        Assert.Contains("events[0]: attributes holds more than 20 attributes", tooMany.Message, StringComparison.Ordinal);
        Assert.StartsWith("Malformed journey event message (events[1].raisedAt): ", badTime.Message, StringComparison.Ordinal);
        Assert.Empty(_raised);
    }
}
