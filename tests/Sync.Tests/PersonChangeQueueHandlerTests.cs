using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask.Client;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The incremental sync: one change message at a time, against the current marketing record.</summary>
public sealed class PersonChangeQueueHandlerTests
{
    private static string Message(SyncData data, int n, long version, params string[] fields) =>
        JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(n), version, fields), JsonDefaults.Options);

    [Fact]
    public async Task A_synced_field_change_of_an_owned_person_is_written()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"));

        await data.ChangeHandler().HandleAsync(Message(data, 1, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);

        Assert.Equal("CTO", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task A_change_to_other_fields_writes_nothing()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10));
        await data.ChangeHandler().HandleAsync(Message(data, 1, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        TableEntity before = (await data.Sales.GetAsync(data.Id(1)))!;
        await data.PutPeopleAsync(data.Person(1, 11, title: "Changed without a synced-field message"));

        await data.ChangeHandler().HandleAsync(Message(data, 1, 11, "JobLevel", PersonFields.ScorePrefix + "engagement"), SyncData.NoRuns, CancellationToken.None);

        TableEntity after = (await data.Sales.GetAsync(data.Id(1)))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(10, after.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task A_person_who_loses_the_owner_leaves_and_one_who_gains_it_joins()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10), data.Person(2, 10, owned: false));
        await data.ChangeHandler().HandleAsync(Message(data, 1, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        await data.ChangeHandler().HandleAsync(Message(data, 2, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        Assert.NotNull(await data.Sales.GetAsync(data.Id(1)));
        Assert.Null(await data.Sales.GetAsync(data.Id(2)));

        await data.PutPeopleAsync(data.Person(1, 20, owned: false), data.Person(2, 20));
        await data.ChangeHandler().HandleAsync(Message(data, 1, 20, PersonFields.LeadOwner), SyncData.NoRuns, CancellationToken.None);
        await data.ChangeHandler().HandleAsync(Message(data, 2, 20, PersonFields.LeadOwner), SyncData.NoRuns, CancellationToken.None);

        Assert.Null(await data.Sales.GetAsync(data.Id(1)));
        Assert.Equal(20, (await data.Sales.GetAsync(data.Id(2)))!.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task Changes_arriving_out_of_order_end_with_the_newest()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 30, title: "Newest"));
        // A copy made from an older marketing version got in late (e.g. an initial-sync page).
        await data.ChangeHandler().HandleAsync(Message(data, 1, 30, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);

        await data.ChangeHandler().HandleAsync(Message(data, 1, 20, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 10, title: "Oldest"))]);

        TableEntity copy = (await data.Sales.GetAsync(data.Id(1)))!;
        Assert.Equal("Newest", copy.GetString(PersonFields.Title));
        Assert.Equal(30, copy.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task A_change_is_heard_only_by_a_listen_its_account_reached_before_the_write()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"));
        string run = data.Prefix + "-run";
        DateTimeOffset arrived = DateTimeOffset.UtcNow;
        await new ListenerIndex(data.Storage).AddAsync("people:personDataChange", run, "listen", 0, [data.Account], since: arrived);
        var raised = new List<DateTimeOffset?>();
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string _, string _, object? payload, CancellationToken _) =>
            {
                raised.AddRange(((RaisedEvent[])payload!).Select(e => e.RaisedAt));
                return Task.CompletedTask;
            });
        client.Setup(c => c.GetInstanceAsync(RunInstanceIds.Batch(run, 0), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(OrchestratorNames.JourneyAccountBatch, RunInstanceIds.Batch(run, 0)) { RuntimeStatus = OrchestrationRuntimeStatus.Running });

        // A write a second before the account arrived (the action just before the listen), one a second after it, and
        // one whose version is no time (a writer's own counter): the first is not heard, the others are.
        foreach (long version in new[] { (arrived - TimeSpan.FromSeconds(1)).UtcTicks, (arrived + TimeSpan.FromSeconds(1)).UtcTicks, 20 })
        {
            await data.ChangeHandler().HandleAsync(Message(data, 1, version, PersonFields.Title), client.Object, CancellationToken.None);
        }

        Assert.Equal([arrived + TimeSpan.FromSeconds(1), null], raised);
    }

    [Fact]
    public async Task A_changed_field_is_raised_on_the_runs_listening_for_it_and_again_when_the_message_is_retried()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"));
        string run = data.Prefix + "-run";
        await new ListenerIndex(data.Storage).AddAsync("people:personDataChange", run, "listen", 2, [data.Account]);
        var raised = new List<(string Instance, string Name, RaisedEvent[] Events)>();
        int tries = 0;
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string instance, string name, object? payload, CancellationToken _) =>
            {
                if (++tries == 1)
                {
                    return Task.FromException(new InvalidOperationException("the control queue is unreachable"));
                }

                raised.Add((instance, name, (RaisedEvent[])payload!));
                return Task.CompletedTask;
            });
        // The batch still runs, so a refused raise is a failure to retry (not an event for a batch that ended).
        client.Setup(c => c.GetInstanceAsync(RunInstanceIds.Batch(run, 2), false, It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata(OrchestratorNames.JourneyAccountBatch, RunInstanceIds.Batch(run, 2)) { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        string message = Message(data, 1, 10, PersonFields.Title);

        // The raise fails: so does the handler, and the host retries the message (at-least-once).
        await Assert.ThrowsAsync<InvalidOperationException>(() => data.ChangeHandler().HandleAsync(message, client.Object, CancellationToken.None));

        await data.ChangeHandler().HandleAsync(message, client.Object, CancellationToken.None);

        (string instance, string name, RaisedEvent[] events) = Assert.Single(raised);
        Assert.Equal((RunInstanceIds.Batch(run, 2), "people:personDataChange:listen"), (instance, name));
        RaisedEvent change = Assert.Single(events);
        Assert.Equal((data.Account, data.Id(1), "Title", "CTO"), (change.AccountId, change.PersonId, change.Attributes!["attribute"], change.Attributes["newValue"]));
        Assert.Equal("CTO", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task A_person_whose_id_is_no_plain_key_is_rejected_and_the_rest_of_the_message_applied()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity odd = data.Person(2, 10);
        odd.RowKey = data.Id(2) + " (imported!)";
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"), odd);
        string message = JsonSerializer.Serialize(PersonChange.Of(data.Account, [data.Id(1), odd.RowKey], 10, [PersonFields.Title]), JsonDefaults.Options);

        await data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None);

        Assert.Equal("CTO", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        StoredSyncRejection rejected = Assert.Single((await data.Rejections.ListAsync(null, 10)).Rejections);
        Assert.Equal((odd.RowKey, "MarketoId"), (rejected.MarketoId, rejected.Field));
    }

    [Theory]
    [InlineData("not json", "Malformed person change message")]
    [InlineData("""{ "accountId": "a", "marketoId": "bad/id", "version": 1, "changedFields": [] }""", "Invalid person change message: an id is not one a table can hold as a key")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": 1 }""", "Invalid person change message: changedFields is missing")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": 1, "changedFields": [null] }""", "Invalid person change message: changedFields holds a null")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": -5, "changedFields": ["Email"] }""", "Invalid person change message: version is negative")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": 9223372036854775807, "changedFields": ["Email"] }""", "Invalid person change message: version is more than a day past")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": "1", "changedFields": ["Email"] }""", "Malformed person change message")]
    [InlineData("""{ "accountId": "a/b", "marketoId": "m", "version": 1, "changedFields": ["Email"] }""", "Invalid person change message: accountId is not a valid id")]
    [InlineData("""{ "accountId": "a", "marketoIds": ["m", "m"], "version": 1, "changedFields": ["Email"] }""", "Invalid person change message: marketoIds holds an id twice")]
    [InlineData("""{ "accountId": "a", "marketoIds": [], "version": 1, "changedFields": ["Email"] }""", "Invalid person change message: marketoIds needs 1-100 ids (got 0)")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "changedFields": ["Email"] }""", "missing required properties including: 'version'")]
    [InlineData("""{ "accountId": "a", "AccountId": "b", "marketoId": "m", "version": 1, "changedFields": ["Email"] }""", "Malformed person change message")]
    [InlineData("null", "Invalid person change message: the message is JSON null, not an object")]
    public async Task A_malformed_message_fails_saying_why(string message, string reason)
    {
        SyncData data = await SyncData.CreateAsync();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_naming_more_or_longer_fields_than_any_writer_is_malformed()
    {
        SyncData data = await SyncData.CreateAsync();
        string Message(IEnumerable<string> fields) =>
            $$"""{ "accountId": "a", "marketoId": "m", "version": 1, "changedFields": [{{string.Join(",", fields.Select(f => $"\"{f}\""))}}] }""";

        InvalidDataException tooMany = await Assert.ThrowsAsync<InvalidDataException>(() => data.ChangeHandler().HandleAsync(
            Message(Enumerable.Range(0, PersonChange.MaxChangedFields + 1).Select(i => $"F{i}")), SyncData.NoRuns, CancellationToken.None));
        InvalidDataException tooLong = await Assert.ThrowsAsync<InvalidDataException>(() => data.ChangeHandler().HandleAsync(
            Message([new string('F', PersonChange.MaxFieldNameLength + 1)]), SyncData.NoRuns, CancellationToken.None));

        Assert.Contains("changedFields names more than 1000 fields", tooMany.Message, StringComparison.Ordinal);
        Assert.Contains("longer than 255 characters", tooLong.Message, StringComparison.Ordinal);
    }
}
