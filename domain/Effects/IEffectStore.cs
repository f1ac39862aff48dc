namespace JourneyFunctions.Domain.Effects;

/// <summary>The journal of what take-action nodes did: one entry per (run, node, target) (implemented in the storage project).</summary>
public interface IEffectStore
{
    /// <summary>Writes a call's effects, all at once, into the group's partition; a retry merges into the same rows. Returns the targets journaled.</summary>
    Task<int> RecordAsync(IEnumerable<Effect> effects, EffectGroup group, CancellationToken cancellationToken = default);
}
