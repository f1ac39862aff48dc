using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys/{journeyId}: the journey as stored (a read never changes it; the engine records "finished").</summary>
public sealed class GetJourneyHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}";

    public async Task<IResult> HandleAsync(HttpRequest request, string journeyId, CancellationToken cancellationToken)
    {
        if (ValidateJourneyHandler.AnotherMethod(request, journeyId) is { } validateRoute)
        {
            return validateRoute;
        }

        JourneyInfo? journey = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        return journey is null ? ApiResults.NotFound($"Journey '{journeyId}'") : ApiResults.Json(journey);
    }
}
