using System.Text.Json;
using Azure.Data.Tables;
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

/// <summary>The change feed's batched message: the people of one account written together, handled as one.</summary>
public sealed class BatchedPersonChangeTests
{
    private static string Batch(SyncData data, IEnumerable<int> people, long version, params string[] fields) =>
        JsonSerializer.Serialize(PersonChange.Of(data.Account, [.. people.Select(data.Id)], version, fields), JsonDefaults.Options);

    private static string Single(SyncData data, int n, long version, params string[] fields) =>
        JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(n), version, fields), JsonDefaults.Options);

    [Fact]
    public async Task One_message_writes_the_owned_removes_the_unowned_and_the_missing_and_rejects_the_uncopyable()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity uncopyable = data.Person(4, 10);
        uncopyable[PersonFields.Title] = 42;
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"), data.Person(2, 10, title: "CFO"), data.Person(3, 10, owned: false), uncopyable);
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(3, 5)), SalesPerson.From(data.Person(5, 5))]);

        await data.ChangeHandler().HandleAsync(Batch(data, [1, 2, 3, 4, 5], 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);

        Assert.Equal("CTO", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        Assert.Equal("CFO", (await data.Sales.GetAsync(data.Id(2)))!.GetString(PersonFields.Title));
        Assert.Null(await data.Sales.GetAsync(data.Id(3)));
        Assert.Null(await data.Sales.GetAsync(data.Id(5)));
        Assert.Null(await data.Sales.GetAsync(data.Id(4)));
        StoredSyncRejection rejected = Assert.Single((await data.Rejections.ListAsync(null, 10)).Rejections);
        Assert.Equal((data.Id(4), PersonFields.Title), (rejected.MarketoId, rejected.Field));
    }

    [Fact]
    public async Task Each_person_of_a_batch_keeps_the_newest_version()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 20, title: "Batch"), data.Person(2, 20, title: "Batch"), data.Person(3, 20, title: "Batch"));
        // Person 1's copy came from a newer marketing version, person 2's from an older one, person 3 has none.
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 30, title: "Newer")), SalesPerson.From(data.Person(2, 10, title: "Older"))]);

        await data.ChangeHandler().HandleAsync(Batch(data, [1, 2, 3], 20, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);

        Assert.Equal(("Newer", 30L), Copy(await data.Sales.GetAsync(data.Id(1))));
        Assert.Equal(("Batch", 20L), Copy(await data.Sales.GetAsync(data.Id(2))));
        Assert.Equal(("Batch", 20L), Copy(await data.Sales.GetAsync(data.Id(3))));
    }

    [Fact]
    public async Task Messages_in_the_one_person_form_and_the_batched_form_mix_and_the_newest_wins()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "First"), data.Person(2, 10, title: "First"));
        await data.ChangeHandler().HandleAsync(Single(data, 1, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        await data.PutPeopleAsync(data.Person(1, 20, title: "Second"), data.Person(2, 20, title: "Second"));

        await data.ChangeHandler().HandleAsync(Batch(data, [1, 2], 20, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);
        // A one-person message left on the queue from before, handled late: the marketing record has moved on and the copy is as new.
        await data.ChangeHandler().HandleAsync(Single(data, 2, 10, PersonFields.Title), SyncData.NoRuns, CancellationToken.None);

        Assert.Equal(("Second", 20L), Copy(await data.Sales.GetAsync(data.Id(1))));
        Assert.Equal(("Second", 20L), Copy(await data.Sales.GetAsync(data.Id(2))));
    }

    [Fact]
    public async Task The_events_of_a_batch_reach_the_listening_run_in_one_delivery()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"), data.Person(2, 10, title: "CFO"));
        string run = data.Prefix + "-run";
        await new ListenerIndex(data.Storage).AddAsync("people:personDataChange", run, "listen", 0, [data.Account]);
        var raised = new List<(string Instance, RaisedEvent[] Events)>();
        var client = new Mock<DurableTaskClient>(MockBehavior.Strict, "test");
        client.Setup(c => c.RaiseEventAsync(It.IsAny<string>(), "people:personDataChange:listen", It.IsAny<object?>(), It.IsAny<CancellationToken>()))
            .Returns((string instance, string _, object? payload, CancellationToken _) =>
            {
                raised.Add((instance, (RaisedEvent[])payload!));
                return Task.CompletedTask;
            });

        // A person named in the message but gone from the marketing store raises nothing.
        await data.ChangeHandler().HandleAsync(Batch(data, [1, 2, 3], 10, PersonFields.Title), client.Object, CancellationToken.None);

        (string instance, RaisedEvent[] events) = Assert.Single(raised);
        Assert.Equal(RunInstanceIds.Batch(run, 0), instance);
        Assert.Equal(
            [(data.Id(1), "CTO"), (data.Id(2), "CFO")],
            events.Select(e => (e.PersonId, e.Attributes!["newValue"])).OrderBy(e => e.PersonId, StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("""{ "accountId": "a", "version": 1, "changedFields": ["Title"], "marketoIds": [] }""")]
    [InlineData("""{ "accountId": "a", "version": 1, "changedFields": ["Title"], "marketoIds": ["m1", "bad/id"] }""")]
    [InlineData("""{ "accountId": "a", "version": 1, "changedFields": ["Title"], "marketoIds": ["m1", "m1"] }""")]
    [InlineData("""{ "accountId": "a", "marketoId": "m0", "version": 1, "changedFields": ["Title"], "marketoIds": ["m1"] }""")]
    [InlineData("""{ "accountId": "a", "version": 1, "changedFields": ["Title"] }""")]
    public async Task A_malformed_batched_message_goes_to_the_poison_queue_saying_why(string message)
    {
        SyncData data = await SyncData.CreateAsync();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None));

        Assert.Contains("Invalid person change message", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_naming_more_people_than_the_bound_is_refused()
    {
        SyncData data = await SyncData.CreateAsync();
        string message = Batch(data, Enumerable.Range(0, PersonChange.MaxPeople + 1), 1, PersonFields.Title);

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None));

        Assert.Contains($"marketoIds needs 1-{PersonChange.MaxPeople} ids (got {PersonChange.MaxPeople + 1})", error.Message, StringComparison.Ordinal);
    }

    private static (string? Title, long? Version) Copy(TableEntity? copy) =>
        (copy?.GetString(PersonFields.Title), copy?.GetInt64(SalesPerson.SourceVersion));
}
