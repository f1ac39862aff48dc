using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys: validates and saves a new draft journey.</summary>
public sealed class CreateJourneyHandler(JourneyStore journeys, ValidDraft validation)
{
    public const string Route = "journeys";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (JourneyDefinition? draft, IResult? error) = await validation.ReadAsync(request, journeyId: null, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        JourneyInfo created = await journeys.CreateAsync(draft!, cancellationToken);
        return ApiResults.JsonAt(request, Urls.Api(request, $"journeys/{created.Id}"), created, StatusCodes.Status201Created);
    }
}
