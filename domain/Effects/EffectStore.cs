using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Effects;

/// <summary>
/// The journal of action effects: table <c>Effects</c>, PK = run id, RK = <c>node~target</c>.
/// Writes are upserts on that key, so a retried activity rewrites its rows instead of adding more.
/// </summary>
public sealed class EffectStore
{
    private readonly TableClient _effects;

    public EffectStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _effects = storage.Table(TableNames.Effects);
    }

    public Task<int> RecordAsync(IEnumerable<Effect> effects, CancellationToken cancellationToken = default) =>
        BatchWriter.UpsertAsync(_effects, effects.Select(ToEntity), cancellationToken);

    public async Task<List<Effect>> GetRunEffectsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var effects = new List<Effect>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {runId}");
        await foreach (TableEntity e in _effects.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            effects.Add(new Effect(runId, e.GetString("NodeId"), e.GetString("TargetId"), e.GetString("Action"), e.GetString("Detail")));
        }

        return effects;
    }

    private static TableEntity ToEntity(Effect effect) => new(effect.RunId, $"{effect.NodeId}~{effect.TargetId}")
    {
        ["NodeId"] = effect.NodeId,
        ["TargetId"] = effect.TargetId,
        ["Action"] = effect.Action,
        ["Detail"] = effect.Detail,
    };
}
