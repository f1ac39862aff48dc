using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>Reads a published, immutable journey version for a run, as a run walks it (see <see cref="JourneyDefinition.ForOrchestration"/>).</summary>
public sealed class LoadJourneyVersionActivity(JourneyStore journeys) : IActivity<JourneyVersionRef, JourneyDefinition>
{
    public async Task<JourneyDefinition> RunAsync(JourneyVersionRef input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        JourneyDefinition journey = await journeys.GetVersionAsync(input.JourneyId, input.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Journey {input.JourneyId} has no published version {input.Version}.");
        return journey.ForOrchestration();
    }
}
