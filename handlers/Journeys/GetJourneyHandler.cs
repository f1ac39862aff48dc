using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys/{journeyId}. A closed journey whose runs have all ended is reported, and stored, as finished.</summary>
public sealed class GetJourneyHandler(JourneyStore journeys, JourneyRuns runs)
{
    public const string Route = "journeys/{journeyId}";

    public async Task<IResult> HandleAsync(DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        JourneyInfo? journey = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        if (journey is null)
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        if (journey.Status == JourneyStatus.Closed && !(await runs.ListAsync(client, journeyId, cancellationToken)).Any(r => JourneyRuns.InFlight(r.Status)))
        {
            journey = await journeys.TransitionAsync(journeyId, JourneyStatus.Finished, JourneyLifecycle.CanFinish, cancellationToken) ?? journey;
        }

        return ApiResults.Json(journey);
    }
}
