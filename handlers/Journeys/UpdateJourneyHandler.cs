using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>PUT /api/journeys/{journeyId}: validates and saves a new draft; a live journey keeps running its published version.</summary>
public sealed class UpdateJourneyHandler(JourneyStore journeys, ValidDraft validation)
{
    public const string Route = "journeys/{journeyId}";

    public async Task<IResult> HandleAsync(HttpRequest request, string journeyId, CancellationToken cancellationToken)
    {
        if (ValidateJourneyHandler.AnotherMethod(request, journeyId) is { } validateRoute)
        {
            return validateRoute;
        }

        if (!TableKey.IsValid(journeyId))
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        (JourneyDefinition? draft, IResult? error) = await validation.ReadAsync(request, journeyId, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        try
        {
            JourneyInfo? updated = await journeys.UpdateDraftAsync(journeyId, draft!, cancellationToken);
            return updated is null ? ApiResults.NotFound($"Journey '{journeyId}'") : ApiResults.Json(updated);
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.Conflict(e.Message);
        }
    }
}
