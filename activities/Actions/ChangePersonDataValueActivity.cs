using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// People action "change data value": sets one attribute on every person on the path, in batch transactions, and
/// emits change messages so the sales sync carries synced fields over.
/// </summary>
public sealed class ChangePersonDataValueActivity(PeopleStore people, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        return PersonAttributes.SetAsync(people, effects, input, new Dictionary<string, string?> { [settings.RequiredString("attribute")] = settings.RequiredString("value") }, cancellationToken);
    }
}
