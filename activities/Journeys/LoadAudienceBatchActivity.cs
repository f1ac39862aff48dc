using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Reads the account ids of one stored audience batch; none when the request names a journey that has been aborted.
/// An abort stops the runs and the batches it finds, but a batch whose start Durable had not yet taken is not among
/// them: it then walks nobody.
/// </summary>
public sealed class LoadAudienceBatchActivity(AudienceStore audience, IJourneyStore journeys) : IActivity<AudienceBatchRequest, IReadOnlyList<string>>
{
    public async Task<IReadOnlyList<string>> RunAsync(AudienceBatchRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.JourneyId is { } journeyId && await journeys.IsAbortedAsync(journeyId, cancellationToken))
        {
            return [];
        }

        return await audience.GetBatchAsync(input.RunId, input.Batch, cancellationToken);
    }
}
