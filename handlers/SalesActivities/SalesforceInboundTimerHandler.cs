using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// Timer <c>SalesforceInboundTimer</c> (setting <c>SalesforceInboundSchedule</c>): reads what changed in the Salesforce
/// org since each stream's checkpoint (table <c>SyncState</c>, PK <c>checkpoint</c>) through the shared REST session,
/// and applies it to the sales side. Three streams, each its own checkpoint: changed Contacts and Leads opted out of
/// email (<c>HasOptedOutOfEmail</c>) become the person's sales-side unsubscribe, and those whose opt-out was cleared
/// re-subscribe an unsubscribed person, each only when newer than the stored state (origin <c>salesforce</c>, never
/// published: marketing does not get sales unsubscribes and Salesforce has it already); Tasks this app created as reminders update
/// the reminder's stored Salesforce state (status, due date, completion). A checkpoint is a second: everything
/// changed before it is applied. It moves only after a page is applied, to the second of the page's last record (that
/// second is read again next time, as Salesforce compares whole seconds), or to the window's end after the last page;
/// applying is idempotent (one unsubscribe row per person and a task state, each only replaced by a newer state), so a page read again
/// after a crash changes nothing twice. Without a Salesforce org, or with the sync switched off, it does nothing and
/// keeps the checkpoints.
/// </summary>
public sealed class SalesforceInboundTimerHandler(
    SalesPeopleStore salesPeople,
    SalesActivityStore activities,
    SyncCheckpointStore checkpoints,
    ISyncSettings settings,
    TimeProvider clock,
    ILogger<SalesforceInboundTimerHandler> logger,
    ISalesforceChanges? reader = null)
{
    public const string ScheduleSetting = "%SalesforceInboundSchedule%";

    /// <summary>The streams' checkpoint names, in the order a tick reads them.</summary>
    public static IReadOnlyList<string> Streams { get; } = ["salesforce-contact-opt-outs", "salesforce-lead-opt-outs", "salesforce-reminder-tasks"];

    /// <summary>
    /// A window ends this long before now: a record saved in a transaction still running gets a <c>SystemModstamp</c>
    /// earlier than its commit, and must be visible before the window passes it.
    /// </summary>
    public static readonly TimeSpan SettleTime = TimeSpan.FromMinutes(2);

    /// <summary>How far back the first tick (no checkpoint yet) reads.</summary>
    public static readonly TimeSpan FirstLookBack = TimeSpan.FromHours(24);

    /// <summary>Changes applied at once within a page (each a few table calls).</summary>
    private const int ApplyParallelism = 16;

    /// <summary>Records per query page (Salesforce's <c>batchSize</c>, 200 to 2,000).</summary>
    public int PageSize { get; init; } = ISalesforceChanges.MaxPageSize;

    /// <summary>Pages each stream reads per tick (more while they stay in one second); the rest waits for the next tick, from the checkpoint.</summary>
    public int MaxPagesPerStream { get; init; } = 10;

    public async Task<SalesforceInboundResult> HandleAsync(CancellationToken cancellationToken)
    {
        if (reader is null)
        {
            logger.LogDebug("No Salesforce org configured: nothing to poll");
            return SalesforceInboundResult.NotPolled;
        }

        if (!(await settings.GetAsync(cancellationToken)).Settings.Enabled)
        {
            logger.LogInformation("Salesforce inbound poll: skipped, the sync is switched off");
            return SalesforceInboundResult.NotPolled;
        }

        DateTimeOffset until = WholeSecond(clock.GetUtcNow() - SettleTime);
        (int contactsRead, int contactsApplied) = await PollAsync(Streams[0], until, since => reader.OptOutsAsync("Contact", since, until, PageSize, cancellationToken), ApplyOptOutsAsync, cancellationToken);
        (int leadsRead, int leadsApplied) = await PollAsync(Streams[1], until, since => reader.OptOutsAsync("Lead", since, until, PageSize, cancellationToken), ApplyOptOutsAsync, cancellationToken);
        (int tasksRead, int tasksApplied) = await PollAsync(Streams[2], until, since => reader.TaskChangesAsync(since, until, PageSize, cancellationToken), ApplyTaskChangesAsync, cancellationToken);
        var result = new SalesforceInboundResult(true, contactsRead + leadsRead, contactsApplied + leadsApplied, tasksRead, tasksApplied);
        logger.LogInformation(
            "Salesforce inbound poll up to {Until:u}: {OptOuts} contacts and leads read, {Changed} sales-side unsubscribes or re-subscribes; {Tasks} tasks read, {Updated} reminders updated",
            until, result.OptOutsRead, result.SubscriptionsChanged, result.TasksRead, result.RemindersUpdated);
        return result;
    }

    /// <summary>The second a stream's checkpoint names, or null before its first poll.</summary>
    public static DateTimeOffset? CheckpointTime(SyncCheckpoint checkpoint) =>
        checkpoint?.Token is { } token && DateTimeOffset.TryParseExact(token, "yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at)
            ? at
            : null;

    /// <summary>Reads one stream's pages from its checkpoint, applying each page before the checkpoint passes it.</summary>
    /// <returns>Records read and changes applied.</returns>
    private async Task<(int Read, int Applied)> PollAsync<T>(
        string stream, DateTimeOffset until, Func<DateTimeOffset, Task<SalesforceChangePage<T>>> first, Func<IReadOnlyList<T>, CancellationToken, Task<int>> apply, CancellationToken cancellationToken)
        where T : SalesforceChange
    {
        DateTimeOffset since = CheckpointTime(await checkpoints.GetAsync(stream, cancellationToken)) ?? until - FirstLookBack;
        if (since >= until)
        {
            return (0, 0);
        }

        (int read, int applied) = (0, 0);
        SalesforceChangePage<T> page = await first(since);
        for (int pages = 1; ; pages++)
        {
            foreach (string unreadable in page.Unreadable)
            {
                logger.LogWarning("Salesforce inbound poll ({Stream}): record {Record}; skipped", stream, unreadable);
            }

            applied += await apply(page.Records, cancellationToken);
            read += page.Records.Count;
            DateTimeOffset reached = page.Done ? until : page.Records.Count > 0 ? WholeSecond(page.Records[^1].Modstamp) : since;
            bool moved = reached > since;
            if (moved)
            {
                await checkpoints.SetAsync(stream, reached.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture), cancellationToken);
                since = reached;
            }

            // Past the bound only while the pages stay in one second: the next tick reads the last page's second
            // again, so more than the bound's records in one second (a mass update) would otherwise be read again by
            // every tick, and the stream would never pass them.
            if (page.Done || (pages >= MaxPagesPerStream && moved))
            {
                return (read, applied);
            }

            page = await page.NextAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Applies each changed contact's or lead's email opt-out to every sales person holding its id: set = the sales-side
    /// unsubscribe, cleared = re-subscribed; only when newer (by <c>SystemModstamp</c>) than the state stored.
    /// </summary>
    /// <returns>People whose sales-side state changed now.</returns>
    private async Task<int> ApplyOptOutsAsync(IReadOnlyList<SalesforceOptOut> optOuts, CancellationToken cancellationToken)
    {
        int recorded = 0;
        await Parallel.ForEachAsync(optOuts, new ParallelOptions { MaxDegreeOfParallelism = ApplyParallelism, CancellationToken = cancellationToken }, async (optOut, ct) =>
        {
            foreach (TableEntity person in await salesPeople.FindBySalesforceIdAsync(optOut.Id, ct))
            {
                SalesActivity unsubscribe = SalesActivityRequests.Build(
                    person, SalesActivityStore.UnsubscribeId(person.RowKey), SalesActivityType.Unsubscribe, optOut.Modstamp, null, $"opted out of email in Salesforce ({optOut.Id})", SalesActivityOrigin.Salesforce);
                if (await activities.ApplySalesforceOptOutAsync(unsubscribe, optOut.OptedOut, optOut.Modstamp, ct))
                {
                    Interlocked.Increment(ref recorded);
                }
            }
        });
        return recorded;
    }

    /// <summary>
    /// Stores each task's state on its reminder activity, found by the activity id the task carries (so a task whose
    /// <c>WhoId</c> was changed in Salesforce is still found); a reminder stored before that index existed is found
    /// through the task's <c>WhoId</c>.
    /// </summary>
    /// <returns>Reminders whose stored state changed.</returns>
    private async Task<int> ApplyTaskChangesAsync(IReadOnlyList<SalesforceTaskChange> tasks, CancellationToken cancellationToken)
    {
        int updated = 0;
        await Parallel.ForEachAsync(tasks, new ParallelOptions { MaxDegreeOfParallelism = ApplyParallelism, CancellationToken = cancellationToken }, async (task, ct) =>
        {
            if (!TableKey.IsValid(task.ActivityId))
            {
                logger.LogWarning("Salesforce task {TaskId}: activity id '{ActivityId}' is not usable; skipped", task.Id, task.ActivityId);
                return;
            }

            var state = new SalesTaskState(task.Id, task.Status, task.DueDate, task.IsClosed, task.CompletedAt, task.Modstamp);
            IReadOnlyList<string> owners = await activities.FindReminderOwnersAsync(task.ActivityId, ct);
            if (owners.Count == 0 && task.WhoId is not null)
            {
                owners = [.. (await salesPeople.FindBySalesforceIdAsync(task.WhoId, ct)).Select(person => person.RowKey)];
            }

            foreach (string marketoId in owners)
            {
                if (await activities.UpdateTaskStateAsync(marketoId, task.ActivityId, state, ct) == SalesTaskUpdate.Updated)
                {
                    Interlocked.Increment(ref updated);
                }
            }
        });
        return updated;
    }

    private static DateTimeOffset WholeSecond(DateTimeOffset at) => new(at.UtcTicks - at.UtcTicks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
}
