using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys/{journeyId}.</summary>
public sealed class GetJourneyHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}";

    public async Task<IResult> HandleAsync(string journeyId, CancellationToken cancellationToken)
    {
        if (!TableKey.IsValid(journeyId))
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        JourneyInfo? journey = await journeys.GetAsync(journeyId, cancellationToken);
        return journey is null ? ApiResults.NotFound($"Journey '{journeyId}'") : ApiResults.Json(journey);
    }
}
