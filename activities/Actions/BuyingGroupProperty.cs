using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Sets the stage or status of each account's buying group for a solution interest (an overwrite, so retries are harmless).</summary>
internal static class BuyingGroupProperty
{
    public static async Task<ActionResult> SetAsync(
        BuyingGroupStore groups, EffectStore effects, ActionRequest request, string setting, string property, CancellationToken cancellationToken)
    {
        var settings = new ActionSettings(request.Settings);
        string solution = settings.RequiredString("solutionInterest");
        string value = settings.RequiredString(setting);
        await groups.SetGroupPropertyAsync(request.AccountIds, solution, property, value, cancellationToken);
        await ActionEffects.RecordAsync(effects, request, request.AccountIds, $"{solution}: {property}={value}", cancellationToken);
        return new ActionResult(request.AccountIds.Count, 0, 0);
    }
}
