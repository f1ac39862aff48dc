using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Sync;

/// <summary>
/// When each full-sync run started, by the storage clock: table <c>SyncState</c>, PK <c>run</c>, RK = run id. The sweep
/// compares sales rows' Timestamps (set by the same storage) with it, so a host clock that runs ahead cannot make it
/// remove a copy that an incremental change wrote after the run read the person.
/// </summary>
public sealed class SyncRunStore(StorageAccount storage)
{
    private const string Partition = "run";

    private readonly TableClient _state = storage.Table(TableNames.SyncState);

    /// <summary>Records that run <paramref name="runId"/> starts now, unless it already did (a retry keeps the first start).</summary>
    /// <returns>The run's start by the storage clock.</returns>
    public async Task<DateTimeOffset> StartAsync(string runId, CancellationToken cancellationToken = default)
    {
        try
        {
            await _state.AddEntityAsync(new TableEntity(Partition, runId), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // Started by an earlier attempt: that start stands.
        }

        TableEntity started = (await _state.GetEntityAsync<TableEntity>(Partition, runId, cancellationToken: cancellationToken)).Value;
        return started.Timestamp ?? throw new InvalidOperationException($"Storage returned the start of sync run {runId} without a Timestamp.");
    }
}
