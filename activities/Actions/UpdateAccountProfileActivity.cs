using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "update account profile": sets several attributes of each account at once.</summary>
public sealed class UpdateAccountProfileActivity(AccountStore accounts, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return AccountAttributes.SetAsync(accounts, effects, input, new ActionSettings(input.Settings).RequiredMap("attributes"), cancellationToken);
    }
}
