using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Pushes the request's accounts to a destination's audience, or withdraws them, and records which.</summary>
internal static class DestinationActivation
{
    public static async Task<ActionResult> SetAsync(
        DestinationStore destinations, EffectStore effects, TimeProvider clock, ActionRequest request, bool active, CancellationToken cancellationToken)
    {
        var settings = new ActionSettings(request.Settings);
        string destination = settings.RequiredString("destination");
        string audience = settings.RequiredString("audienceName");
        await destinations.SetAccountsAsync(destination, audience, request.AccountIds, active, ActionEffects.By(request, clock), cancellationToken);
        await ActionEffects.RecordAsync(effects, request, request.AccountIds, $"{(active ? "activated" : "deactivated")} {destination}/{audience}", cancellationToken);
        return new ActionResult(request.AccountIds.Count, 0, 0);
    }
}
