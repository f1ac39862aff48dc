namespace JourneyFunctions.Domain.Effects;

/// <summary>
/// The partition one activity call journals into: <see cref="Key"/> names the call's targets (stable across its
/// retries, distinct from other calls at the same node) and <see cref="Slices"/> spreads them over rows of a few
/// hundred targets. Both must be derived from the call's input only, so a retry writes every target to the same row.
/// </summary>
/// <param name="Key">Key-safe text, the same for every retry of the call.</param>
/// <param name="Slices">How many rows the call's targets are spread over (at least 1, at most 1000).</param>
public sealed record EffectGroup(string Key, int Slices)
{
    public int Slices { get; } = Slices is >= 1 and <= 1000 ? Slices : throw new ArgumentOutOfRangeException(nameof(Slices), Slices, "Between 1 and 1000.");
}
