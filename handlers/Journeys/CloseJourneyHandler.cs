using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/{journeyId}/close: no new runs or entries; runs in flight finish.</summary>
public sealed class CloseJourneyHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}/close";

    public async Task<IResult> HandleAsync(string journeyId, CancellationToken cancellationToken)
    {
        try
        {
            JourneyInfo? journey = TableKey.IsValid(journeyId)
                ? await journeys.TransitionAsync(journeyId, JourneyStatus.Closed, JourneyLifecycle.CanClose, cancellationToken)
                : null;
            return journey is null ? ApiResults.NotFound($"Journey '{journeyId}'") : ApiResults.Json(journey with { Draft = null });
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.Conflict(e.Message);
        }
    }
}
