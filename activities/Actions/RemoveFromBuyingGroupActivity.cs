using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "remove from buying group": removes each person on the path from the account's buying group for a solution interest.</summary>
public sealed class RemoveFromBuyingGroupActivity(PeopleStore people, BuyingGroupStore groups, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        BuyingGroupMembership.SetAsync(people, groups, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: false, cancellationToken);
}
