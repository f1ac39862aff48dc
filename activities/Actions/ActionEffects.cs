using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Activities.Actions;

/// <summary>The journal side of every action: one effect row per (run, node, target), and who did a change.</summary>
internal static class ActionEffects
{
    /// <summary>Rows per journal partition aimed at: one transaction each.</summary>
    private const int RowsPerPartition = BatchWriter.MaxBatchSize;

    /// <summary>People per account assumed when sizing a people action's partitions (more only makes them larger).</summary>
    private const int PeoplePerAccount = 10;

    public static Task RecordAsync(EffectStore effects, ActionRequest request, IEnumerable<string> targets, string detail, CancellationToken cancellationToken) =>
        effects.RecordAsync(targets.Select(target => new Effect(request.RunId, request.NodeId, target, request.Action, detail)), GroupOf(request), cancellationToken);

    /// <summary>Skips every account of the request with the reason (a target no longer usable): journaled, counted, not failed.</summary>
    public static async Task<ActionResult> SkipAllAsync(EffectStore effects, ActionRequest request, string reason, CancellationToken cancellationToken)
    {
        await RecordAsync(effects, request, request.AccountIds, reason, cancellationToken);
        return new ActionResult(0, 0, request.AccountIds.Count);
    }

    /// <summary>
    /// The call's journal partitions, from its input alone: its first account names it (a call's accounts reach a
    /// node once per run, so no other call at that node has it), and its account count sizes it.
    /// </summary>
    private static EffectGroup GroupOf(ActionRequest request)
    {
        int targetsPerAccount = ActionCatalog.Find(request.Action)?.Scope == ActionScope.People ? PeoplePerAccount : 1;
        int slices = Math.Clamp(((request.AccountIds.Count * targetsPerAccount) + RowsPerPartition - 1) / RowsPerPartition, 1, 1000);
        return new EffectGroup(StableId.Of(request.AccountIds.Count > 0 ? request.AccountIds[0] : string.Empty, 16), slices);
    }

    /// <summary>Run, node and time, stored with a membership change.</summary>
    public static IReadOnlyDictionary<string, object?> By(ActionRequest request, TimeProvider clock) =>
        Memberships.By(request.RunId, request.NodeId, clock.GetUtcNow());
}
