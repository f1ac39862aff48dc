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
        string attribute = settings.RequiredString("attribute");
        string value = settings.RequiredString("value");
        return ActionFanOut.ForEachAccountAsync(input, async (accountId, ct) =>
        {
            await accounts.SetAttributeAsync(accountId, attribute, value, ct);
            await effects.RecordAsync([new Effect(input.RunId, input.NodeId, accountId, input.Action, $"{attribute}={value}")], ct);
            return new ActionResult(1, 0, 0);
        }, cancellationToken);
    }
}
