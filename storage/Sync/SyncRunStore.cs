using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The full-sync runs, in table <c>SyncState</c>. When each run started, by the storage clock: PK <c>run</c>, RK = run id.
/// The sweep compares sales rows' Timestamps (set by the same storage) with it, so a host clock that runs ahead cannot
/// make it remove a copy that an incremental change wrote after the run read the person. The run history: PK
/// <c>runs-{scope}</c> (the app's task hub), RK = the start inverted (newest first) and the run id, one
/// <see cref="SyncRunRecord"/> per run, <c>Running</c> from its start and complete at its end.
/// </summary>
public sealed class SyncRunStore
{
    private const string Partition = "run";
    private const string StatusProperty = "Status";
    private const string RecordProperty = "Record";

    private readonly TableClient _state;
    private readonly string _history;
    private readonly TimeProvider _clock;

    public SyncRunStore(StorageAccount storage, string scope, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _state = storage.Table(TableNames.SyncState);
        _history = "runs-" + TableKey.Require(scope, nameof(scope));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

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
        DateTimeOffset at = started.Timestamp ?? throw new InvalidOperationException($"Storage returned the start of sync run {runId} without a Timestamp.");
        var running = new SyncProgress { RunId = runId, RunStartedAt = at };
        try
        {
            await _state.AddEntityAsync(Row(SyncRunRecord.From(running, SyncRunRecord.Running, endedAt: null)), cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            // In the history since an earlier attempt: keep it.
        }

        return at;
    }

    /// <summary>
    /// Records the end of the run <paramref name="progress"/> describes, with its totals (a retry writes the same):
    /// <see cref="SyncRunRecord.Completed"/> once it read every page, else <see cref="SyncRunRecord.Superseded"/>.
    /// </summary>
    public async Task<SyncRunRecord> EndAsync(SyncProgress progress, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(progress);
        SyncRunRecord record = SyncRunRecord.From(progress, progress.ReadComplete ? SyncRunRecord.Completed : SyncRunRecord.Superseded, _clock.GetUtcNow());
        await _state.UpsertEntityAsync(Row(record), TableUpdateMode.Replace, cancellationToken);
        return record;
    }

    /// <summary>One page of the run history, newest first; the next token is null at the end.</summary>
    public async Task<(IReadOnlyList<SyncRunRecord> Runs, string? Next)> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        return await _state.PageAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {_history}"), pageSize, continuation,
            row => System.Text.Json.JsonSerializer.Deserialize<SyncRunRecord>(row.GetString(RecordProperty)!, JsonDefaults.Options)!, cancellationToken: cancellationToken);
    }

    private TableEntity Row(SyncRunRecord record) => new(
        _history,
        (DateTimeOffset.MaxValue.UtcTicks - record.StartedAt.UtcTicks).ToString("D19", System.Globalization.CultureInfo.InvariantCulture) + "-" + record.RunId)
    {
        [StatusProperty] = record.Status,
        [RecordProperty] = System.Text.Json.JsonSerializer.Serialize(record, JsonDefaults.Options),
    };
}
