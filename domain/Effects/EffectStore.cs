using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Effects;

/// <summary>
/// The journal of action effects: table <c>Effects</c>, PK = <c>{run}~{bucket}</c> (16 buckets by a stable hash of
/// the target), RK = <c>node~target</c>. Writes are upserts on that key, so a retried activity rewrites its rows
/// instead of adding more. The buckets spread a run's concurrent activities over partitions: Azure Tables (and
/// Azurite, measured 4x) serialize transactions on one partition.
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

    private const int Buckets = 16;

    /// <summary>The filter for every effect row of a run, across its buckets.</summary>
    public static string RunFilter(string runId) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");

    public async Task<List<Effect>> GetRunEffectsAsync(string runId, CancellationToken cancellationToken = default)
    {
        var effects = new List<Effect>();
        await foreach (TableEntity e in _effects.QueryAsync<TableEntity>(RunFilter(runId), cancellationToken: cancellationToken))
        {
            effects.Add(new Effect(runId, e.GetString("NodeId"), e.GetString("TargetId"), e.GetString("Action"), e.GetString("Detail")));
        }

        return effects;
    }

    /// <summary>How many effect rows a run has (reads keys only).</summary>
    public async Task<int> CountRunEffectsAsync(string runId, CancellationToken cancellationToken = default)
    {
        int count = 0;
        await foreach (Azure.Page<TableEntity> page in _effects.QueryAsync<TableEntity>(RunFilter(runId), select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    /// <summary>The run's bucket for a target: FNV-1a of its id, stable across processes (unlike string.GetHashCode).</summary>
    private static string Partition(string runId, string targetId)
    {
        uint hash = 2166136261;
        foreach (char c in targetId)
        {
            hash = (hash ^ c) * 16777619;
        }

        return string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}~{hash % Buckets:D2}");
    }

    private static TableEntity ToEntity(Effect effect) => new(Partition(effect.RunId, effect.TargetId), $"{effect.NodeId}~{effect.TargetId}")
    {
        ["NodeId"] = effect.NodeId,
        ["TargetId"] = effect.TargetId,
        ["Action"] = effect.Action,
        ["Detail"] = effect.Detail,
    };
}
