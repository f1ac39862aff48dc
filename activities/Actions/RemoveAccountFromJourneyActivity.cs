using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "remove account from journey": ends each account's run in another live journey at its next step.</summary>
public sealed class RemoveAccountFromJourneyActivity(JourneyStore journeys, JourneyCommandSender commands, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        JourneyMembership.SendAsync(journeys, commands, effects, input ?? throw new ArgumentNullException(nameof(input)), JourneyCommandKind.RemoveAccount, cancellationToken);
}
