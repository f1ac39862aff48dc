using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "remove from Marketo list": takes each person on the path off a static list of a Marketo connection.</summary>
public sealed class RemoveFromMarketoListActivity(PeopleStore people, MarketoEngageStore marketo, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        MarketoListMembership.SetAsync(people, marketo, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: false, cancellationToken);
}
