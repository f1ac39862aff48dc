using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "change account data value": sets one attribute on each account (an overwrite, so retries are harmless).</summary>
public sealed class ChangeAccountDataValueActivity(AccountStore accounts, EffectStore effects) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        return AccountAttributes.SetAsync(accounts, effects, input, new Dictionary<string, string?> { [settings.RequiredString("attribute")] = settings.RequiredString("value") }, cancellationToken);
    }
}
