using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>Resolves the start node's audience once and stores it in batches; returns the batch count.</summary>
public sealed class SnapshotAudienceActivity(JourneyStore journeys, AudienceStore audience) : IActivity<AudienceSnapshotRequest, int>
{
    public async Task<int> RunAsync(AudienceSnapshotRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        JourneyDefinition journey = await journeys.GetVersionAsync(input.JourneyId, input.Version, cancellationToken)
            ?? throw new InvalidOperationException($"Journey {input.JourneyId} has no published version {input.Version}.");
        IReadOnlyList<string> accounts = (journey.Start.Audience?.Accounts ?? []).Distinct(StringComparer.Ordinal).ToList();
        return await audience.SnapshotAsync(input.RunId, accounts, input.BatchSize, cancellationToken);
    }
}
