using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>Marketing people and sales copies with ids unique to one test, on the tests' Azurite.</summary>
internal sealed class SyncData
{
    private SyncData(StorageAccount storage)
    {
        Storage = storage;
        Prefix = "s" + Guid.NewGuid().ToString("N")[..8];
        People = new PeopleStore(storage);
        Sales = new SalesPeopleStore(storage);
        Settings = new SyncSettingsStore(storage, new SyncSettings(), Prefix, TimeProvider.System);
        Rejections = new SyncRejectionStore(storage, Prefix, TimeProvider.System);
    }

    public StorageAccount Storage { get; }

    public string Prefix { get; }

    public string Account => Prefix + "-acct";

    public PeopleStore People { get; }

    public SalesPeopleStore Sales { get; }

    /// <summary>This test's own sync settings (its own scope), so switching the sync off stops no other test.</summary>
    public SyncSettingsStore Settings { get; }

    /// <summary>This test's own rejections (its own scope), so a run's end clears no other test's.</summary>
    public SyncRejectionStore Rejections { get; }

    public static async Task<SyncData> CreateAsync()
    {
        var storage = new StorageAccount(TestStorage.ConnectionString);
        await storage.EnsureCreatedAsync();
        return new SyncData(storage);
    }

    public string Id(int n) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{n:D5}");

    /// <summary>A marketing person <paramref name="n"/> at <paramref name="version"/>: every synced field set, and an owner unless told otherwise.</summary>
    public TableEntity Person(int n, long version, bool owned = true, string? title = "Buyer")
    {
        var person = new TableEntity(Account, Id(n))
        {
            [PersonFields.ChangeVersion] = version,
            [PersonFields.LeadOwner] = owned ? "seller@example.com" : "",
            ["JobLevel"] = "Staff",
        };
        foreach (string field in PersonFields.Synced.Where(f => f != "MarketoId"))
        {
            person[field] = field + "-" + n;
        }

        person[PersonFields.Title] = title;
        person[PersonFields.Email] = string.Create(CultureInfo.InvariantCulture, $"{Prefix}-{n % 3}@example.com");
        return person;
    }

    /// <summary>
    /// A Durable client that fails the test when anything is raised on it: no run listens for a test's own people, so
    /// the change feed's handler routes their events to nobody.
    /// </summary>
    public static DurableTaskClient NoRuns => new Mock<DurableTaskClient>(MockBehavior.Strict, "none").Object;

    /// <summary>The change feed's handler on this test's stores (or another sales copy), routing through the real index.</summary>
    public PersonChangeQueueHandler ChangeHandler(SalesPeopleStore? sales = null) =>
        new(People, sales ?? Sales, Rejections, Settings, new EventRouter(new ListenerIndex(Storage), new EventRoutingStats(TimeProvider.System), NullLogger<EventRouter>.Instance),
            TimeProvider.System, NullLogger<PersonChangeQueueHandler>.Instance);

    /// <summary>Writes marketing people as they are (their versions kept, no change messages).</summary>
    public Task PutPeopleAsync(params TableEntity[] people) => new PeopleStore(Storage).LoadAsync(people);
}
