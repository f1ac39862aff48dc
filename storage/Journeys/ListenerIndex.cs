using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// Who listens for which event now (table <c>EventListeners</c>): one row per (event, account, run, node, batch), written
/// when a group of accounts starts listening at a listen-for-event node and removed when each leaves it (its event,
/// the timeout, an abort), so an event reaches only the batch orchestrations that wait for it, with no scan of runs.
/// PK = one of <see cref="Buckets"/> hash buckets of the account (a group's rows go in a few transactions), RK =
/// <c>{account}|{scope}:{type}|{run}|{node}|{batch}</c>: one account's listeners for one event are one range query.
/// Every id in a key is a checked table key (no <c>|</c> or <c>~</c>), so the ranges cannot overlap.
/// <para>
/// Beside it, which event keys anyone may listen for (table <c>EventListenerKeys</c>): one marker per (event key, run,
/// node), PK = event key, RK = <c>{run}|{node}</c>, written BEFORE the node's first listener rows and removed when the
/// run ends or is aborted. So every listener row has a marker, and an event key without one needs no per-account query.
/// A marker may outlive its listeners (a node whose accounts all left, a run stopped some other way): that only costs
/// the per-account queries, never an event.
/// </para>
/// </summary>
public sealed class ListenerIndex
{
    /// <summary>Part of every stored key: never changed. A multiple of <see cref="TableNames.PeopleShards"/> (see <c>AccountOrder</c>).</summary>
    public const int Buckets = 16;
    private readonly TableClient _listeners;
    private readonly TableClient _keys;

    public ListenerIndex(StorageAccount storage)
        : this(Table(storage, TableNames.EventListeners), Table(storage, TableNames.EventListenerKeys))
    {
    }

    /// <summary>The index on the given tables (tests give one that does not exist, to see which is written or read).</summary>
    internal ListenerIndex(TableClient listeners, TableClient keys)
    {
        _listeners = listeners;
        _keys = keys;
    }

    /// <summary>
    /// The accounts listen for <paramref name="eventKey"/> (<c>scope:type</c>) at the node from <paramref name="since"/>
    /// on (null: hearing every event; idempotent). The key's marker is written first: if it fails, no listener row
    /// exists without one.
    /// </summary>
    public async Task AddAsync(string eventKey, string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, DateTimeOffset? since = null, CancellationToken cancellationToken = default)
    {
        await _keys.UpsertEntityAsync(new TableEntity(eventKey, MarkerRow(runId, nodeId)) { ["Run"] = runId, ["Node"] = nodeId }, TableUpdateMode.Replace, cancellationToken);
        await BatchWriter.UpsertAsync(_listeners, accountIds.Distinct(StringComparer.Ordinal).Select(account =>
        {
            (string partition, string row) = Key(eventKey, account, runId, nodeId, batch);
            return new TableEntity(partition, row) { ["Run"] = runId, ["Node"] = nodeId, ["Batch"] = batch, ["Since"] = since };
        }), cancellationToken);
    }

    /// <summary>The accounts no longer listen at the node; rows already gone (a retried call) are fine. The marker stays (other batches may listen there).</summary>
    public Task RemoveAsync(string eventKey, string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        BatchWriter.DeleteAsync(_listeners, accountIds.Select(account => Key(eventKey, account, runId, nodeId, batch)), cancellationToken);

    /// <summary>
    /// Which of <paramref name="eventKeys"/> have a marker (of <paramref name="onlyRun"/>, if given): one query of at most
    /// one row per key in the key's own small partition. Read at each routing, never cached: a group may start listening
    /// at any time.
    /// </summary>
    public async Task<IReadOnlySet<string>> ListenedKeysAsync(IEnumerable<string> eventKeys, string? onlyRun, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(eventKeys);
        string[] distinct = [.. eventKeys.Distinct(StringComparer.Ordinal)];
        bool[] listened = await Task.WhenAll(distinct.Select(async key =>
        {
            string filter = onlyRun is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {key}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {key} and RowKey gt {onlyRun + "|"} and RowKey lt {onlyRun + "|~"}");
            await foreach (var page in _keys.QueryAsync<TableEntity>(filter, maxPerPage: 1, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
            {
                if (page.Values.Count > 0)
                {
                    return true;
                }

                if (page.ContinuationToken is null)
                {
                    break;
                }
            }

            return false;
        }));
        return distinct.Where((_, i) => listened[i]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Every listen waiting for <paramref name="eventKey"/> on the account, in run, node and batch order.</summary>
    public async Task<IReadOnlyList<Listener>> FindAsync(string eventKey, string accountId, CancellationToken cancellationToken = default)
    {
        string from = $"{accountId}|{eventKey}|";
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Bucket(accountId)} and RowKey gt {from} and RowKey lt {from + "~"}");
        var found = new List<Listener>();
        await foreach (TableEntity row in _listeners.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new Listener(row.GetString("Run"), row.GetString("Node"), row.GetInt32("Batch") ?? 0, row.GetDateTimeOffset("Since")));
        }

        return found;
    }

    /// <summary>
    /// Removes every listener of a run that stopped without its accounts leaving their listen (an abort): one query over
    /// the table by the run column, acceptable for a rare operation; the rows are then deleted in transactions, and
    /// then the run's markers (<see cref="EndRunAsync"/>), so no row is left without one.
    /// </summary>
    public async Task<int> RemoveRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        int removed = await DeleteWhereRunAsync(_listeners, runId, cancellationToken);
        await EndRunAsync(runId, cancellationToken);
        return removed;
    }

    /// <summary>
    /// The run ended (every batch done, so none of its accounts listens any more): its markers go, so its event keys
    /// cost routing nothing again. One query over the small marker table by the run column; idempotent.
    /// </summary>
    public Task EndRunAsync(string runId, CancellationToken cancellationToken = default) => DeleteWhereRunAsync(_keys, runId, cancellationToken);

    private static async Task<int> DeleteWhereRunAsync(TableClient table, string runId, CancellationToken cancellationToken)
    {
        var rows = new List<(string, string)>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Run eq {runId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }

        await BatchWriter.DeleteAsync(table, rows, cancellationToken);
        return rows.Count;
    }

    private static TableClient Table(StorageAccount storage, string name)
    {
        ArgumentNullException.ThrowIfNull(storage);
        return storage.Table(name);
    }

    private static string MarkerRow(string runId, string nodeId) => $"{runId}|{nodeId}";

    private static string Bucket(string accountId) => StableId.Bucket(accountId, Buckets).ToString("D2", CultureInfo.InvariantCulture);

    private static (string Partition, string Row) Key(string eventKey, string accountId, string runId, string nodeId, int batch) =>
        (Bucket(accountId), string.Create(CultureInfo.InvariantCulture, $"{accountId}|{eventKey}|{runId}|{nodeId}|{batch:D5}"));
}

/// <summary>A batch orchestration's listen node waiting for an event on an account, since a time (null: rows written before they had one).</summary>
public sealed record Listener(string RunId, string NodeId, int Batch, DateTimeOffset? Since = null)
{
    /// <summary>Whether the listen was listening when the event was raised (an event without a time is raised now).</summary>
    public bool Hears(RaisedEvent raised) => raised?.RaisedAt is not { } at || Since is not { } since || at >= since;
}
