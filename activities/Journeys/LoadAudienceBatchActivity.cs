using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>Reads the account ids of one stored audience batch.</summary>
public sealed class LoadAudienceBatchActivity(AudienceStore audience) : IActivity<AudienceBatchRequest, IReadOnlyList<string>>
{
    public Task<IReadOnlyList<string>> RunAsync(AudienceBatchRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        return audience.GetBatchAsync(input.RunId, input.Batch, cancellationToken);
    }
}
