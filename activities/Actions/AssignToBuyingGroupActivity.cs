using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "assign to buying group": assigns each person on the path to the account's buying group for a solution interest, with a role.</summary>
public sealed class AssignToBuyingGroupActivity(PeopleStore people, BuyingGroupStore groups, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        BuyingGroupMembership.SetAsync(people, groups, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: true, cancellationToken);
}
