namespace JourneyFunctions.Domain.Effects;

/// <summary>The journal of what take-action nodes did: one row per (run, node, target) (implemented in the storage project).</summary>
public interface IEffectStore
{
    /// <summary>Writes the effects into the group's partitions; a retry rewrites the same rows.</summary>
    Task<int> RecordAsync(IEnumerable<Effect> effects, EffectGroup group, CancellationToken cancellationToken = default);
}
