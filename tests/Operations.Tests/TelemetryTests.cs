using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Activities;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Testing;
using Moq;

namespace JourneyFunctions.Operations.Tests;

/// <summary>
/// The counters count what the code does, and log lines carry the ids they are about. One class, so its tests run
/// one at a time and each sees only its own measurements.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class TelemetryTests
{
    /// <summary>Sorts before every other people partition, so a one-person page of the initial sync reads one of these.</summary>
    private const string TelemetryAccount = "-telemetry-tests";

    private readonly StorageAccount _storage = new(TestStorage.ConnectionString);

    [Fact]
    public async Task AppliedActionIsCountedAndLoggedWithItsIds()
    {
        var logs = new FakeLogger<ActivityRunner>();
        var request = new ActionRequest("run-1", "j-1", 1, "node-7", "counted-action", ["acct-1", "acct-2"]);
        using var measurements = new RecordedMeasurements();

        await new ActivityRunner(logs).RunAsync("TestAction", new FixedActivity(new ActionResult(2, 5, 1)), request, CancellationToken.None);

        Assert.Equal([2], measurements.Values("journey.actions.applied", ("action", "counted-action"), ("target", "account")));
        Assert.Equal([5], measurements.Values("journey.actions.applied", ("action", "counted-action"), ("target", "person")));
        FakeLogRecord applied = logs.LatestRecord;
        Assert.Equal("RunId=run-1 JourneyId=j-1 NodeId=node-7 AccountId=acct-1,acct-2 ActionType=counted-action", Assert.Single(applied.Scopes)!.ToString());
    }

    [Fact]
    public async Task FailedActivityIsLoggedWithItsIdsAndNotCounted()
    {
        var logs = new FakeLogger<ActivityRunner>();
        var request = new ActionRequest("run-2", "j-2", 1, "node-3", "failing-action", ["acct-9"]);
        using var measurements = new RecordedMeasurements();

        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            new ActivityRunner(logs).RunAsync("TestAction", new FixedActivity(null), request, CancellationToken.None));

        Assert.Empty(measurements.Values("journey.actions.applied", ("action", "failing-action")));
        FakeLogRecord failure = logs.LatestRecord;
        Assert.IsType<InvalidOperationException>(failure.Exception);
        Assert.Equal("RunId=run-2 JourneyId=j-2 NodeId=node-3 AccountId=acct-9 ActionType=failing-action", Assert.Single(failure.Scopes)!.ToString());
    }

    [Fact]
    public async Task IncrementalSyncCountsThePersonAndTheLag()
    {
        string marketoId = await SeedSalesOwnedPersonAsync();
        var router = new EventRouter(new ListenerIndex(_storage), new EventRoutingStats(TimeProvider.System), new FakeLogger<EventRouter>());
        var handler = new PersonChangeQueueHandler(new PeopleStore(_storage), new SalesPeopleStore(_storage), new SyncRejectionStore(_storage, "telemetry", TimeProvider.System), Settings(), router, TimeProvider.System, new FakeLogger<PersonChangeQueueHandler>());
        long changedTwoMinutesAgo = DateTimeOffset.UtcNow.AddMinutes(-2).UtcTicks;
        string message = JsonSerializer.Serialize(new PersonChange(TelemetryAccount, marketoId, changedTwoMinutesAgo, [PersonFields.Email]), JsonDefaults.Options);
        using var measurements = new RecordedMeasurements();

        await handler.HandleAsync(message, new Mock<DurableTaskClient>(MockBehavior.Strict, "none").Object, CancellationToken.None); // no run listens: nothing raised

        Assert.Equal([1], measurements.Values("sync.people.synced", ("mode", JourneyMetrics.IncrementalSync), ("change", JourneyMetrics.Written)));
        double lag = Assert.Single(measurements.Values("sync.lag"));
        Assert.InRange(lag, 120, 600);
    }

    [Fact]
    public async Task InitialSyncPageCountsThePeopleItWrote()
    {
        await SeedSalesOwnedPersonAsync();
        var activity = new SyncInitialPageActivity(new PeopleTableSource(_storage), new SalesPeopleStore(_storage), new SyncRejectionStore(_storage, "telemetry", TimeProvider.System), Settings(), TimeProvider.System);
        using var measurements = new RecordedMeasurements();

        SyncPageResult page = await activity.RunAsync(new SyncPageRequest(null, 1), CancellationToken.None);

        // The source reads one person from each people table, and other tests' people share them: count what was written.
        Assert.InRange(page.Written, 1, page.Read);
        Assert.Equal([page.Written], measurements.Values("sync.people.synced", ("mode", JourneyMetrics.InitialSync), ("change", JourneyMetrics.Written)));
    }

    /// <summary>Sync settings of these tests' own scope: switched on, as by default.</summary>
    private SyncSettingsStore Settings() => new(_storage, new SyncSettings(), "telemetry", TimeProvider.System);

    private async Task<string> SeedSalesOwnedPersonAsync()
    {
        await _storage.EnsureCreatedAsync();
        string marketoId = "p-" + Guid.NewGuid().ToString("N");
        await new PeopleStore(_storage).UpsertAsync(
        [
            new TableEntity(TelemetryAccount, marketoId)
            {
                [PersonFields.Email] = string.Create(CultureInfo.InvariantCulture, $"{marketoId}@example.com"),
                [PersonFields.LeadOwner] = "seller@example.com",
            },
        ]);
        return marketoId;
    }

    /// <summary>An action that returns a fixed result, or fails when it has none.</summary>
    private sealed class FixedActivity(ActionResult? result) : IActivity<ActionRequest, ActionResult>
    {
        public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
            result is null ? throw new InvalidOperationException("action failed") : Task.FromResult(result);
    }
}
