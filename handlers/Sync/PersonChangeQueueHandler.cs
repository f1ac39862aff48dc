using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Domain.Telemetry;
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// Queue <c>person-changes</c>, the marketing store's change feed: every changed field becomes a
/// <c>personDataChange</c> event for listening runs (attribute, old value where the writer knew it, the current
/// value), routed from here by the event router (no second queue hop), and, side by side, the incremental sync applies
/// the change to the sales copy: written when a synced field or owner changed on an eligible person, removed when the
/// owner is gone, and never older over newer. A malformed message throws, so the host retries it and then moves it
/// to the poison queue. With the sync switched off
/// (<see cref="SyncSettings.Enabled"/>) the sales copy is left alone with a log line (events still reach runs);
/// switching it on starts a full re-sync, which brings the sales copy up to date. A person who cannot be copied
/// (<see cref="SalesPerson.Problem"/>) is kept in the rejections with the reason, for the next full run to retry.
/// At-least-once: the message is deleted only after the events are raised and the sync applied, so a failure of
/// either or a crash brings it back and routes its events again (a listen moves an account on once).
/// </summary>
public sealed class PersonChangeQueueHandler(
    PeopleStore people,
    SalesPeopleStore sales,
    SyncRejectionStore rejections,
    ISyncSettings settings,
    EventRouter router,
    TimeProvider clock,
    ILogger<PersonChangeQueueHandler> logger)
{
    public const string QueueName = QueueNames.PersonChanges;

    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        PersonChange change = QueueMessage.Parse<PersonChange>(
            message,
            c => TableKey.IsValid(c.AccountId) && TableKey.IsValid(c.MarketoId) && c.ChangedFields is not null,
            "person change message (it needs a valid accountId, marketoId and changedFields)");
        using IDisposable? scope = logger.BeginScope(new LogContext(accountId: change.AccountId));
        TableEntity? person = await people.GetAsync(change.AccountId, change.MarketoId, cancellationToken);
        // The events and the sync are independent: side by side, so neither waits for the other (the message is
        // deleted once both are done).
        Task routed = person is null ? Task.CompletedTask : RouteAsync(change, person, client, cancellationToken);
        await Task.WhenAll(routed, SyncAsync(change, person, cancellationToken));
    }

    /// <summary>A <c>personDataChange</c> per changed field, at most 100 a router call (a <c>journey-events</c> message's bound), so a delivery stays small.</summary>
    private async Task RouteAsync(PersonChange change, TableEntity person, DurableTaskClient client, CancellationToken cancellationToken)
    {
        foreach (RaisedEvent[] events in DomainEvents.PersonDataChanges(change.AccountId, change.MarketoId, change.ChangedFields, f => Text(person, f), change.OldValues)
            .Chunk(JourneyEventPublisher.MaxEventsPerMessage))
        {
            await router.RouteAsync(client, events, onlyRun: null, cancellationToken);
        }
    }

    /// <summary>The incremental sync's part of the change (see the class summary).</summary>
    private async Task SyncAsync(PersonChange change, TableEntity? person, CancellationToken cancellationToken)
    {
        if (!change.ChangedFields.Any(PersonFields.AffectsSync))
        {
            return;
        }

        if (!(await settings.GetAsync(cancellationToken)).Settings.Enabled)
        {
            logger.LogInformation("Person {MarketoId} change v{Version} skipped: the sync is switched off", change.MarketoId, change.Version);
            return;
        }

        if (person is null || !SalesPerson.IsEligible(person))
        {
            // The tombstone carries the version, so an older copy (an initial-sync page read earlier) cannot return.
            long version = Math.Max(person?.GetInt64(PersonFields.ChangeVersion) ?? 0, change.Version);
            bool removed = await sales.RemoveIfNewerAsync(change.MarketoId, version, cancellationToken);
            logger.LogInformation("Person {MarketoId} is not sales-owned; removed from the sales copy: {Removed}", change.MarketoId, removed);
            Count(change, JourneyMetrics.Removed, removed);
            return;
        }

        if (SalesPerson.Problem(person) is { } problem)
        {
            await rejections.RecordAsync([problem], SyncRejectionStore.Incremental, cancellationToken);
            logger.LogWarning("Person {MarketoId} change v{Version} rejected: {Field} {Reason}", change.MarketoId, change.Version, problem.Field, problem.Reason);
            return;
        }

        bool written = await sales.UpsertIfNewerAsync(SalesPerson.From(person), cancellationToken);
        logger.LogInformation("Person {MarketoId} change v{Version}: written {Written}", change.MarketoId, change.Version, written);
        Count(change, JourneyMetrics.Written, written);
    }

    private static string? Text(TableEntity person, string field) =>
        person.TryGetValue(field, out object? value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Counts the person when the sales copy changed, and how long after the marketing change that was.</summary>
    private void Count(PersonChange change, string outcome, bool changed)
    {
        if (changed)
        {
            JourneyMetrics.Synced(JourneyMetrics.IncrementalSync, outcome, 1);
        }

        // Versions are the change's UTC ticks (PeopleStore), so the lag needs no extra read.
        if (change.Version > 0 && change.Version <= DateTimeOffset.MaxValue.UtcTicks)
        {
            JourneyMetrics.ChangeApplied(clock.GetUtcNow() - new DateTimeOffset(change.Version, TimeSpan.Zero));
        }
    }
}
