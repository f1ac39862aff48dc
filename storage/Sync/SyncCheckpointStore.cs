using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// Named sync checkpoints (e.g. Marketo's lead-changes paging token) and their pauses: table <c>SyncState</c>,
/// PK <c>checkpoint</c>, RK = name.
/// </summary>
public sealed class SyncCheckpointStore
{
    private const string Partition = "checkpoint";
    private const string TokenProperty = "Token";
    private const string PausedUntilProperty = "PausedUntilUtc";
    private const string PauseReasonProperty = "PauseReason";

    private readonly TableClient _state;

    public SyncCheckpointStore(StorageAccount storage)
        : this((storage ?? throw new ArgumentNullException(nameof(storage))).Table(TableNames.SyncState))
    {
    }

    /// <summary>
    /// A store over another table of the same shape: tests that pause a checkpoint use their own, so a pause cannot
    /// stop the polls of tests running beside them on the same storage.
    /// </summary>
    public SyncCheckpointStore(TableClient state) => _state = state ?? throw new ArgumentNullException(nameof(state));

    /// <summary>The checkpoint; no token and no pause when none was kept.</summary>
    public async Task<SyncCheckpoint> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _state.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
        TableEntity? row = found.HasValue ? found.Value : null;
        return new SyncCheckpoint(
            row?.GetString(TokenProperty),
            row?.GetDateTimeOffset(PausedUntilProperty)?.UtcDateTime,
            row?.GetString(PauseReasonProperty));
    }

    /// <summary>Keeps the token to read on from; a read that got this far ends any pause.</summary>
    public async Task SetAsync(string name, string token, CancellationToken cancellationToken = default) =>
        await _state.UpsertEntityAsync(new TableEntity(Partition, name) { [TokenProperty] = token }, TableUpdateMode.Replace, cancellationToken);

    /// <summary>Records that reads must wait until <paramref name="untilUtc"/> and why; the kept token stays.</summary>
    public async Task PauseAsync(string name, DateTime untilUtc, string reason, CancellationToken cancellationToken = default) =>
        await _state.UpsertEntityAsync(
            new TableEntity(Partition, name) { [PausedUntilProperty] = new DateTimeOffset(untilUtc, TimeSpan.Zero), [PauseReasonProperty] = reason },
            TableUpdateMode.Merge,
            cancellationToken);
}
