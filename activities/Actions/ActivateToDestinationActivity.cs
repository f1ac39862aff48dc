using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Effects;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Account action "activate to destination": pushes each account to a destination's audience (LinkedIn, say), creating the audience on first use.</summary>
public sealed class ActivateToDestinationActivity(DestinationStore destinations, EffectStore effects, TimeProvider clock) : IActivity<ActionRequest, ActionResult>
{
    public Task<ActionResult> RunAsync(ActionRequest input, CancellationToken cancellationToken) =>
        DestinationActivation.SetAsync(destinations, effects, clock, input ?? throw new ArgumentNullException(nameof(input)), active: true, cancellationToken);
}
