using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The incremental sync: one change message at a time, against the current marketing record.</summary>
public sealed class PersonChangeQueueHandlerTests
{
    private static PersonChangeQueueHandler Handler(SyncData data) =>
        new(data.People, data.Sales, data.Rejections, data.Settings, new Storage.Journeys.JourneyEventPublisher(data.Storage), TimeProvider.System, NullLogger<PersonChangeQueueHandler>.Instance);

    private static string Message(SyncData data, int n, long version, params string[] fields) =>
        JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(n), version, fields), JsonDefaults.Options);

    [Fact]
    public async Task A_synced_field_change_of_an_owned_person_is_written()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10, title: "CTO"));

        await Handler(data).HandleAsync(Message(data, 1, 10, PersonFields.Title), CancellationToken.None);

        Assert.Equal("CTO", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task A_change_to_other_fields_writes_nothing()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10));
        await Handler(data).HandleAsync(Message(data, 1, 10, PersonFields.Title), CancellationToken.None);
        TableEntity before = (await data.Sales.GetAsync(data.Id(1)))!;
        await data.PutPeopleAsync(data.Person(1, 11, title: "Changed without a synced-field message"));

        await Handler(data).HandleAsync(Message(data, 1, 11, "JobLevel", PersonFields.ScorePrefix + "engagement"), CancellationToken.None);

        TableEntity after = (await data.Sales.GetAsync(data.Id(1)))!;
        Assert.Equal(before.ETag, after.ETag);
        Assert.Equal(10, after.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task A_person_who_loses_the_owner_leaves_and_one_who_gains_it_joins()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 10), data.Person(2, 10, owned: false));
        await Handler(data).HandleAsync(Message(data, 1, 10, PersonFields.Title), CancellationToken.None);
        await Handler(data).HandleAsync(Message(data, 2, 10, PersonFields.Title), CancellationToken.None);
        Assert.NotNull(await data.Sales.GetAsync(data.Id(1)));
        Assert.Null(await data.Sales.GetAsync(data.Id(2)));

        await data.PutPeopleAsync(data.Person(1, 20, owned: false), data.Person(2, 20));
        await Handler(data).HandleAsync(Message(data, 1, 20, PersonFields.LeadOwner), CancellationToken.None);
        await Handler(data).HandleAsync(Message(data, 2, 20, PersonFields.LeadOwner), CancellationToken.None);

        Assert.Null(await data.Sales.GetAsync(data.Id(1)));
        Assert.Equal(20, (await data.Sales.GetAsync(data.Id(2)))!.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task Changes_arriving_out_of_order_end_with_the_newest()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.PutPeopleAsync(data.Person(1, 30, title: "Newest"));
        // A copy made from an older marketing version got in late (e.g. an initial-sync page).
        await Handler(data).HandleAsync(Message(data, 1, 30, PersonFields.Title), CancellationToken.None);

        await Handler(data).HandleAsync(Message(data, 1, 20, PersonFields.Title), CancellationToken.None);
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 10, title: "Oldest"))]);

        TableEntity copy = (await data.Sales.GetAsync(data.Id(1)))!;
        Assert.Equal("Newest", copy.GetString(PersonFields.Title));
        Assert.Equal(30, copy.GetInt64(SalesPerson.SourceVersion));
    }

    [Theory]
    [InlineData("not json", "Malformed person change message")]
    [InlineData("""{ "accountId": "a", "marketoId": "bad/id", "version": 1, "changedFields": [] }""", "Invalid person change message")]
    [InlineData("""{ "accountId": "a", "marketoId": "m", "version": 1 }""", "Invalid person change message")]
    public async Task A_malformed_message_fails_saying_why(string message, string reason)
    {
        SyncData data = await SyncData.CreateAsync();

        InvalidDataException error = await Assert.ThrowsAsync<InvalidDataException>(() => Handler(data).HandleAsync(message, CancellationToken.None));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
