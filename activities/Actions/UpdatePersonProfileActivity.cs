using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>People action "update person profile": sets several attributes of every person on the path at once.</summary>
public sealed class UpdatePersonProfileActivity(PeopleStore people, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return PersonAttributes.SetAsync(people, effects, input, new ActionSettings(input.Settings).RequiredMap("attributes"), cancellationToken);
    }
}
