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
/// </summary>
public sealed class ListenerIndex
{
    public const int Buckets = 16;
    private readonly TableClient _listeners;

    public ListenerIndex(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _listeners = storage.Table(TableNames.EventListeners);
    }

    /// <summary>The accounts listen for <paramref name="eventKey"/> (<c>scope:type</c>) at the node (idempotent).</summary>
    public Task AddAsync(string eventKey, string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        BatchWriter.UpsertAsync(_listeners, accountIds.Distinct(StringComparer.Ordinal).Select(account =>
        {
            (string partition, string row) = Key(eventKey, account, runId, nodeId, batch);
            return new TableEntity(partition, row) { ["Run"] = runId, ["Node"] = nodeId, ["Batch"] = batch };
        }), cancellationToken);

    /// <summary>The accounts no longer listen at the node; rows already gone (a retried call) are fine.</summary>
    public Task RemoveAsync(string eventKey, string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        BatchWriter.DeleteAsync(_listeners, accountIds.Select(account => Key(eventKey, account, runId, nodeId, batch)), cancellationToken);

    /// <summary>Every listen waiting for <paramref name="eventKey"/> on the account, in run, node and batch order.</summary>
    public async Task<IReadOnlyList<Listener>> FindAsync(string eventKey, string accountId, CancellationToken cancellationToken = default)
    {
        string from = $"{accountId}|{eventKey}|";
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {Bucket(accountId)} and RowKey gt {from} and RowKey lt {from + "~"}");
        var found = new List<Listener>();
        await foreach (TableEntity row in _listeners.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            found.Add(new Listener(row.GetString("Run"), row.GetString("Node"), row.GetInt32("Batch") ?? 0));
        }

        return found;
    }

    /// <summary>
    /// Removes every listener of a run that stopped without its accounts leaving their listen (an abort): one query over
    /// the table by the run column, acceptable for a rare operation; the rows are then deleted in transactions.
    /// </summary>
    public async Task<int> RemoveRunAsync(string runId, CancellationToken cancellationToken = default)
    {
        var rows = new List<(string, string)>();
        await foreach (TableEntity row in _listeners.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Run eq {runId}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
        {
            rows.Add((row.PartitionKey, row.RowKey));
        }

        await BatchWriter.DeleteAsync(_listeners, rows, cancellationToken);
        return rows.Count;
    }

    private static string Bucket(string accountId) => StableId.Bucket(accountId, Buckets).ToString("D2", CultureInfo.InvariantCulture);

    private static (string Partition, string Row) Key(string eventKey, string accountId, string runId, string nodeId, int batch) =>
        (Bucket(accountId), string.Create(CultureInfo.InvariantCulture, $"{accountId}|{eventKey}|{runId}|{nodeId}|{batch:D5}"));
}

/// <summary>A batch orchestration's listen node waiting for an event on an account.</summary>
public sealed record Listener(string RunId, string NodeId, int Batch);
