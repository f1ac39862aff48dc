using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Effects;

/// <summary>
/// The journal of action effects: tables <c>Effects0..7</c> (<see cref="TableNames.Effects"/>, each partition in the
/// one its key hashes to), PK = <c>{run}~{node}~{group}~{slice}</c>, RK = <c>node~target</c>. A row that exists is replaced, so a retried activity rewrites its rows instead of adding more.
/// Each activity call journals into partitions of its own (<see cref="EffectGroup"/>), about 100 rows each: one
/// transaction per partition, no two concurrent activities on one partition (Azure Tables and Azurite serialize
/// transactions per partition), and small partitions, because Azurite finds a row by scanning its partition.
/// </summary>
public sealed class EffectStore : IEffectStore
{
    private readonly ShardedTable _effects;

    public EffectStore(StorageAccount storage)
    {
        _effects = new ShardedTable(storage, TableNames.Effects, partition => StableId.Bucket(partition, TableNames.EffectShards));
    }

    /// <summary>Journals effects into <paramref name="group"/>'s partitions.</summary>
    public Task<int> RecordAsync(IEnumerable<Effect> effects, EffectGroup group, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(group);
        return BatchWriter.InsertOrReplaceAsync(_effects, effects.Select(e => ToEntity(e, group)), cancellationToken);
    }

    /// <summary>The filter for every effect row of a run, across its buckets.</summary>
    private static string RunFilter(string runId) =>
        TableClient.CreateQueryFilter($"PartitionKey ge {runId + "~"} and PartitionKey lt {runId + "\u007f"}");

    /// <summary>Every effect row of a run, from each effects table side by side, with its columns (all when none are named).</summary>
    public Task<List<TableEntity>> GetRunRowsAsync(string runId, IReadOnlyList<string>? select = null, CancellationToken cancellationToken = default) =>
        _effects.QueryAllAsync(RunFilter(runId), select, cancellationToken);

    public async Task<List<Effect>> GetRunEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        [.. (await GetRunRowsAsync(runId, cancellationToken: cancellationToken))
            .Select(e => new Effect(runId, e.GetString("NodeId"), e.GetString("TargetId"), e.GetString("Action"), e.GetString("Detail")))];

    /// <summary>How many effect rows a run has (keys only, page by page: a large run's rows are not kept).</summary>
    public async Task<int> CountRunEffectsAsync(string runId, CancellationToken cancellationToken = default) =>
        (int)await _effects.CountAsync(RunFilter(runId), cancellationToken);

    private static string Partition(Effect effect, EffectGroup group) =>
        string.Create(CultureInfo.InvariantCulture, $"{effect.RunId}~{effect.NodeId}~{group.Key}~{StableId.Bucket(effect.TargetId, group.Slices):D3}");

    private static TableEntity ToEntity(Effect effect, EffectGroup group) => new(Partition(effect, group), $"{effect.NodeId}~{effect.TargetId}")
    {
        ["NodeId"] = effect.NodeId,
        ["TargetId"] = effect.TargetId,
        ["Action"] = effect.Action,
        ["Detail"] = effect.Detail,
    };
}
