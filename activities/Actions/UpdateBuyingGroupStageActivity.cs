using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "update buying group stage": sets the stage of each account's buying group for a solution interest.</summary>
public sealed class UpdateBuyingGroupStageActivity(BuyingGroupStore groups, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        BuyingGroupProperty.SetAsync(groups, effects, input ?? throw new ArgumentNullException(nameof(input)), "stage", "Stage", cancellationToken);
}
