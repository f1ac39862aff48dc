using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/{journeyId}/close: no new runs or entries; runs in flight finish, and the journey with them.</summary>
public sealed class CloseJourneyHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}/close";

    public async Task<IResult> HandleAsync(string journeyId, CancellationToken cancellationToken)
    {
        try
        {
            JourneyInfo? journey = TableKey.IsValid(journeyId)
                ? await journeys.TransitionAsync(journeyId, JourneyStatus.Closed, JourneyLifecycle.CanClose, JourneyLifecycle.ClosedAlready, cancellationToken)
                : null;
            if (journey is null)
            {
                return ApiResults.NotFound($"Journey '{journeyId}'");
            }

            // With no run in flight it is finished at once; otherwise the last run to end finishes it.
            return ApiResults.Json(await journeys.FinishIfRunsEndedAsync(journeyId, cancellationToken) ? journey with { Status = JourneyStatus.Finished } : journey);
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.Conflict(e.Message);
        }
    }
}
