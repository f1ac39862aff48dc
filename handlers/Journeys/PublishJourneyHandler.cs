using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>
/// POST /api/journeys/{journeyId}/publish: validates the draft again and makes it the live, immutable version. Only a
/// draft or live journey publishes (409 with the reason otherwise, or when the journey changed meanwhile).
/// </summary>
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

        // Closed, finished and aborted are final: a draft left from before is never published.
        if (journey.Status is not (JourneyStatus.Draft or JourneyStatus.Live))
        {
            return ApiResults.Conflict($"Journey '{journeyId}' is {journey.Status.ToString().ToLowerInvariant()}; only a draft or live journey can be published.");
        }

        if (journey.Draft is null)
        {
            return ApiResults.Conflict($"Journey '{journeyId}' has no draft to publish.");
        }

        // Publishing re-validates: a wait date valid on save may be in the past by now.
        // Publishing re-checks references too: a target journey or list may have closed since.
        if (await validation.CheckAsync(journey.Draft, journeyId, cancellationToken) is { } invalid)
        {
            return invalid;
        }

        try
        {
            // Publishes the draft validated above, and only if nothing changed the journey since it was read.
            int? version = await journeys.PublishAsync(journeyId, journey.ETag!, cancellationToken);
            return version is null ? ApiResults.NotFound($"Journey '{journeyId}'") : ApiResults.Json(new { journeyId, version, status = JourneyStatus.Live });
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.Conflict(e.Message);
        }
    }
}
