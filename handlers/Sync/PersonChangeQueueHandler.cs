using System.Diagnostics;
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
/// Queue <c>person-changes</c>, the marketing store's change feed. A message names people of one account written
/// together (up to <see cref="PersonChange.MaxPeople"/>; the earlier one-person form is still read), read here with
/// one key-range query. Every changed field of each becomes a <c>personDataChange</c> event for listening runs
/// (attribute, old value where the writer knew it, the current value), routed from here by the event router (no second
/// queue hop; up to 100 events a router call), and, side by side, the incremental sync applies the change to the sales
/// copies in one batched write: written when a synced field or owner changed on an eligible person, removed when the
/// owner is gone, each never older over newer. A malformed message throws, so the host moves it to the poison queue.
/// With the sync switched off (<see cref="SyncSettings.Enabled"/>) the sales copy is left alone with a log line (events
/// still reach runs); switching it on starts a full re-sync, which brings the sales copy up to date. A person who
/// cannot be copied (<see cref="SalesPerson.Problem"/>) is kept in the rejections with the reason, for the next full
/// run to retry. At-least-once: the message is deleted only after the events are raised and the sync applied for every
/// person it names, so a failure of either or a crash brings it back and routes its events again (a listen moves an
/// account on once; the versions keep a repeated write harmless).
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

    /// <summary>How far past this host's clock a change's version may be (another writer's clock may run ahead).</summary>
    public static readonly TimeSpan MaxVersionAhead = TimeSpan.FromDays(1);

    /// <summary>The earliest version read as a write's time (<see cref="WrittenAt"/>).</summary>
    private static readonly DateTimeOffset EarliestWrite = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        PersonChange change = QueueMessage.Parse<PersonChange>(message, Problem, "person change message");
        using IDisposable? scope = logger.BeginScope(new LogContext(accountId: change.AccountId));
        long started = Stopwatch.GetTimestamp();
        DateTimeOffset readAt = clock.GetUtcNow(); // a rejection recorded after this read stays (see SyncAsync)
        Dictionary<string, TableEntity> current = await people.GetPeopleAsync(change.AccountId, change.People, cancellationToken);
        TimeSpan read = Stopwatch.GetElapsedTime(started);
        // The events and the sync are independent: side by side, so neither waits for the other (the message is
        // deleted once both are done).
        await Task.WhenAll(RouteAsync(change, current, client, cancellationToken), SyncAsync(change, current, readAt, cancellationToken));
        logger.LogInformation(
            "Change v{Version} of {Count} people handled in {Milliseconds} ms ({ReadMilliseconds} ms reading the marketing people)",
            change.Version, change.People.Count, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, (int)read.TotalMilliseconds);
    }

    /// <summary>What is wrong with a change message, naming the member; null for a good one.</summary>
    private string? Problem(PersonChange change) =>
        !TableKey.IsValid(change.AccountId) ? "accountId is not a valid id"
        // A version is the write's UTC ticks, and a tombstone keeps it: one far ahead would keep the person out of the
        // sales copy until then, whatever came later.
        : change.Version < 0 ? "version is negative"
        : change.Version > (clock.GetUtcNow() + MaxVersionAhead).UtcTicks ? "version is more than a day past this host's clock (UTC ticks)"
        : change.ChangedFields is null ? "changedFields is missing"
        : change.ChangedFields.Count > PersonChange.MaxChangedFields ? $"changedFields names more than {PersonChange.MaxChangedFields} fields"
        : change.ChangedFields.Any(field => field is not { Length: > 0 and <= PersonChange.MaxFieldNameLength }) ? $"changedFields holds a null, empty or longer than {PersonChange.MaxFieldNameLength} characters name"
        : (change.MarketoId is null) == (change.MarketoIds is null) ? "it needs either marketoId or marketoIds, not both or neither"
        : change.People.Count is not (> 0 and <= PersonChange.MaxPeople) ? $"marketoIds needs 1-{PersonChange.MaxPeople} ids (got {change.People.Count})"
        // Marketo made these ids: one that is no plain key is the sync's rejection (below), not a bad message.
        : !change.People.All(TableKey.IsStorable) ? "an id is not one a table can hold as a key"
        : change.People.Distinct(StringComparer.Ordinal).Count() != change.People.Count ? "marketoIds holds an id twice"
        : null;

    /// <summary>
    /// A <c>personDataChange</c> per changed field of each person still stored, at most 100 a router call (a
    /// <c>journey-events</c> message's bound), raised at the write's time (<see cref="WrittenAt"/>), so a listen hears
    /// only writes made after its account arrived, however soon this handler reads the message.
    /// </summary>
    private async Task RouteAsync(PersonChange change, Dictionary<string, TableEntity> current, DurableTaskClient client, CancellationToken cancellationToken)
    {
        DateTimeOffset? writtenAt = WrittenAt(change);
        // Events carry the person into keys of the routing tables: a person whose id is no plain key has none.
        IEnumerable<RaisedEvent> events = change.People
            .Where(id => current.ContainsKey(id) && TableKey.IsValid(id))
            .SelectMany(id => DomainEvents.PersonDataChanges(change.AccountId, id, change.ChangedFields, f => Text(current[id], f), change.OldValues))
            .Select(raised => raised with { RaisedAt = writtenAt });
        foreach (RaisedEvent[] chunk in events.Chunk(JourneyEventPublisher.MaxEventsPerMessage))
        {
            await router.RouteAsync(client, chunk, onlyRun: null, cancellationToken);
        }
    }

    /// <summary>
    /// When the change was written: its version (the write's UTC ticks) when that is a time since 2000 (no later than a
    /// day past this host's clock, as <see cref="Problem"/> checks); a version that is none (a writer's own counter, say)
    /// gives no time, and the events are heard by whoever listens when they are routed.
    /// </summary>
    private static DateTimeOffset? WrittenAt(PersonChange change) =>
        change.Version >= EarliestWrite.UtcTicks ? new DateTimeOffset(change.Version, TimeSpan.Zero) : null;

    /// <summary>The incremental sync's part of the change (see the class summary).</summary>
    private async Task SyncAsync(PersonChange change, Dictionary<string, TableEntity> current, DateTimeOffset readAt, CancellationToken cancellationToken)
    {
        if (!change.ChangedFields.Any(PersonFields.AffectsSync))
        {
            return;
        }

        if (!(await settings.GetAsync(cancellationToken)).Settings.Enabled)
        {
            logger.LogInformation("Change v{Version} of {Count} people skipped: the sync is switched off", change.Version, change.People.Count);
            return;
        }

        var copies = new List<TableEntity>();
        var tombstones = new List<TableEntity>();
        var problems = new List<SyncRejection>();
        var settled = new List<string>(); // copied or removed: no longer rejected
        foreach (string id in change.People)
        {
            TableEntity? person = current.GetValueOrDefault(id);
            if (person is null || !SalesPerson.IsEligible(person))
            {
                if (!TableKey.IsValid(id))
                {
                    settled.Add(id); // never copied (see SalesPerson.Problem), so nothing to remove, but no longer rejected
                    continue;
                }

                // The tombstone carries the version, so an older copy (an initial-sync page read earlier) cannot return.
                tombstones.Add(SalesPerson.Tombstone(id, Math.Max(person is null ? 0 : SalesPerson.VersionOf(person), change.Version)));
                settled.Add(id);
            }
            else if (SalesPerson.Problem(person) is { } problem)
            {
                problems.Add(problem);
                logger.LogWarning("Person {MarketoId} change v{Version} rejected: {Field} {Reason}", id, change.Version, problem.Field, problem.Reason);
            }
            else
            {
                copies.Add(SalesPerson.From(person));
                settled.Add(id);
            }
        }

        Task recorded = problems.Count == 0 ? Task.CompletedTask : rejections.RecordAsync(problems, SyncRejectionStore.Incremental, cancellationToken);
        Task<SalesWriteResult> removed = tombstones.Count == 0 ? Task.FromResult(SalesWriteResult.None) : sales.WriteChangesIfNewerAsync(tombstones, cancellationToken);
        Task<SalesWriteResult> written = copies.Count == 0 ? Task.FromResult(SalesWriteResult.None) : sales.WriteChangesIfNewerAsync(copies, cancellationToken);
        await Task.WhenAll(recorded, removed, written);
        await rejections.ClearAsync(settled, readAt, cancellationToken);
        logger.LogInformation(
            "Change v{Version} of {Count} people: {Written} written, {Removed} removed (not sales-owned), {Older} older than the sales copy, {Rejected} rejected",
            change.Version, change.People.Count, written.Result.Written, removed.Result.Written, written.Result.SkippedAsOlder + removed.Result.SkippedAsOlder, problems.Count);
        Count(change, JourneyMetrics.Written, written.Result.Written, copies.Count);
        Count(change, JourneyMetrics.Removed, removed.Result.Written, tombstones.Count);
    }

    private static string? Text(TableEntity person, string field) =>
        person.TryGetValue(field, out object? value) ? Convert.ToString(value, CultureInfo.InvariantCulture) : null;

    /// <summary>Counts the people whose sales copy changed, and for each person applied how long after the marketing change that was.</summary>
    private void Count(PersonChange change, string outcome, int changed, int applied)
    {
        if (changed > 0)
        {
            JourneyMetrics.Synced(JourneyMetrics.IncrementalSync, outcome, changed);
        }

        // Versions are the change's UTC ticks (PeopleStore), so the lag needs no extra read.
        if (change.Version > 0 && change.Version <= DateTimeOffset.MaxValue.UtcTicks)
        {
            TimeSpan lag = clock.GetUtcNow() - new DateTimeOffset(change.Version, TimeSpan.Zero);
            for (int i = 0; i < applied; i++)
            {
                JourneyMetrics.ChangeApplied(lag);
            }
        }
    }
}
