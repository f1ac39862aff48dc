using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys/{journeyId}/versions/{version}: a published version's definition (versions run 1 to the journey's latestVersion).</summary>
public sealed class GetJourneyVersionHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}/versions/{version:int}";

    public async Task<IResult> HandleAsync(string journeyId, int version, CancellationToken cancellationToken)
    {
        JourneyDefinition? definition = TableKey.IsValid(journeyId) && version > 0 ? await journeys.GetVersionAsync(journeyId, version, cancellationToken) : null;
        return definition is null
            ? ApiResults.NotFound($"Version {version} of journey '{journeyId}'")
            : ApiResults.Json(new { journeyId, version, definition });
    }
}
