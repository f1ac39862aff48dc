using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "add account to journey": starts each account in another live journey.</summary>
public sealed class AddAccountToJourneyActivity(JourneyStore journeys, JourneyCommandSender commands, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        JourneyMembership.SendAsync(journeys, commands, effects, input ?? throw new ArgumentNullException(nameof(input)), JourneyCommandKind.AddAccount, cancellationToken);
}
