using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "add to Marketo list": puts each person on the path on a static list of a Marketo connection.</summary>
public sealed class AddToMarketoListActivity(PeopleStore people, MarketoEngageStore marketo, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        MarketoListMembership.SetAsync(people, marketo, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), isMember: true, cancellationToken);
}
