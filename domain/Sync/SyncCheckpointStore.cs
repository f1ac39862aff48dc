using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Sync;

/// <summary>Named sync checkpoints (e.g. Marketo's lead-changes paging token): table <c>SyncState</c>, PK <c>checkpoint</c>, RK = name.</summary>
public sealed class SyncCheckpointStore(StorageAccount storage)
{
    private const string Partition = "checkpoint";
    private const string TokenProperty = "Token";

    private readonly TableClient _state = storage.Table(TableNames.SyncState);

    public async Task<string?> GetAsync(string name, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _state.GetEntityIfExistsAsync<TableEntity>(Partition, name, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value?.GetString(TokenProperty) : null;
    }

    public async Task SetAsync(string name, string token, CancellationToken cancellationToken = default) =>
        await _state.UpsertEntityAsync(new TableEntity(Partition, name) { [TokenProperty] = token }, TableUpdateMode.Replace, cancellationToken);
}
