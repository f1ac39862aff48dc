using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>The journal side of every action: one effect row per (run, node, target), and who did a change.</summary>
internal static class ActionEffects
{
    public static Task RecordAsync(EffectStore effects, ActionRequest request, IEnumerable<string> targets, string detail, CancellationToken cancellationToken) =>
        effects.RecordAsync(targets.Select(target => new Effect(request.RunId, request.NodeId, target, request.Action, detail)), cancellationToken);

    /// <summary>Skips every account of the request with the reason (a target no longer usable): journaled, counted, not failed.</summary>
    public static async Task<ActionResult> SkipAllAsync(EffectStore effects, ActionRequest request, string reason, CancellationToken cancellationToken)
    {
        await RecordAsync(effects, request, request.AccountIds, reason, cancellationToken);
        return new ActionResult(0, 0, request.AccountIds.Count);
    }

    /// <summary>Run, node and time, stored with a membership change.</summary>
    public static IReadOnlyDictionary<string, object?> By(ActionRequest request, TimeProvider clock) =>
        Memberships.By(request.RunId, request.NodeId, clock.GetUtcNow());
}
