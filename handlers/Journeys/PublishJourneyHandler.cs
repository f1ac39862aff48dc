using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/{journeyId}/publish: validates the draft again and makes it the live, immutable version.</summary>
public sealed class PublishJourneyHandler(JourneyStore journeys, ValidDraft validation)
{
    public const string Route = "journeys/{journeyId}/publish";

    public async Task<IResult> HandleAsync(string journeyId, CancellationToken cancellationToken)
    {
        JourneyInfo? journey = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        if (journey is null)
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        if (journey.Draft is null)
        {
            return ApiResults.Conflict($"Journey '{journeyId}' has no draft to publish.");
        }

        // Publishing re-validates: a wait date valid on save may be in the past by now.
        // Publishing re-checks references too: a target journey or list may have closed since.
        if (await validation.CheckAsync(journey.Draft, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        int? version = await journeys.PublishAsync(journeyId, cancellationToken);
        return version is null
            ? ApiResults.Conflict($"Journey '{journeyId}' changed while publishing; try again.")
            : ApiResults.Json(new { journeyId, version, status = JourneyStatus.Live });
    }
}
