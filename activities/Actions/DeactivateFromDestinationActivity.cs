using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "deactivate from destination": withdraws each account from a destination's audience.</summary>
public sealed class DeactivateFromDestinationActivity(DestinationStore destinations, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        DestinationActivation.SetAsync(destinations, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), active: false, cancellationToken);
}
