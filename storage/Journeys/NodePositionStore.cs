using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// Which accounts of a run are held at a wait or listen-for-event node right now (table <c>NodePositions</c>,
/// PK = <c>{run}|{node}|{batch}</c>, RK = account id), so the page can list who is waiting where. Only the nodes where
/// accounts stay are recorded: every other node passes its accounts on within one step. Each batch writes its own
/// partition (at most a batch of rows), and one node's accounts are read with one range query over its partitions.
/// </summary>
public sealed class NodePositionStore
{
    private readonly TableClient _positions;

    public NodePositionStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _positions = storage.Table(TableNames.NodePositions);
    }

    /// <summary>Records the accounts as at the node (idempotent: a retry rewrites the same rows).</summary>
    public Task ArriveAsync(string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        BatchWriter.UpsertAsync(_positions, accountIds.Distinct(StringComparer.Ordinal).Select(a => new TableEntity(Partition(runId, nodeId, batch), a)), cancellationToken);

    /// <summary>Removes the accounts from the node; rows already gone (a retried call) are fine.</summary>
    public Task LeaveAsync(string runId, string nodeId, int batch, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        BatchWriter.DeleteAsync(_positions, accountIds.Select(a => (Partition(runId, nodeId, batch), a)), cancellationToken);

    /// <summary>One page of the accounts at a node, in batch then account order; the next token is null at the end.</summary>
    public async Task<(IReadOnlyList<string> Accounts, string? Next)> ListAsync(string runId, string nodeId, string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        string from = $"{runId}|{nodeId}|";
        string to = $"{runId}|{nodeId}}}"; // '}' sorts right after '|': every batch partition of this node lies between
        string filter = TableClient.CreateQueryFilter($"PartitionKey gt {from} and PartitionKey lt {to}");
        return await _positions.PageAsync(filter, pageSize, continuation, e => e.RowKey, ["RowKey"], cancellationToken);
    }

    private static string Partition(string runId, string nodeId, int batch) => string.Create(CultureInfo.InvariantCulture, $"{runId}|{nodeId}|{batch:D5}");
}
