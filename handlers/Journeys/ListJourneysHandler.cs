using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys: every journey with its status and versions (drafts left out for brevity).</summary>
public sealed class ListJourneysHandler(JourneyStore journeys)
{
    public const string Route = "journeys";

    public async Task<IResult> HandleAsync(CancellationToken cancellationToken)
    {
        List<JourneyInfo> all = await journeys.ListAsync(cancellationToken);
        return ApiResults.Json(all.Select(j => j with { Draft = null }));
    }
}
