using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>The journal side of every action: one effect row per (run, node, target), and who did a change.</summary>
internal static class ActionEffects
{
    public static Task RecordAsync(EffectStore effects, ActionRequest request, IEnumerable<string> targets, string detail, CancellationToken cancellationToken) =>
        effects.RecordAsync(targets.Select(target => new Effect(request.RunId, request.NodeId, target, request.Action, detail)), cancellationToken);

    /// <summary>Run, node and time, stored with a membership change.</summary>
    public static IReadOnlyDictionary<string, object?> By(ActionRequest request, TimeProvider clock) =>
        Memberships.By(request.RunId, request.NodeId, clock.GetUtcNow());
}
