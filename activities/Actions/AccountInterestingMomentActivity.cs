using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Moments;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "account interesting moment": records an email, milestone or web moment on each account.</summary>
public sealed class AccountInterestingMomentActivity(InterestingMomentStore moments, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public async Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var settings = new ActionSettings(input.Settings);
        string type = settings.RequiredString("type");
        await moments.RecordAsync(
            input.AccountIds.Select(a => (a, InterestingMomentStore.AccountTarget)), input.RunId, input.NodeId, type, settings.Text("description"), clock.GetUtcNow(), cancellationToken);
        await ActionEffects.RecordAsync(effects, input, input.AccountIds, type, cancellationToken);
        return new ActionResult(input.AccountIds.Count, 0, 0);
    }
}
