using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>GET /api/journeys: a page of journeys with their status and versions (drafts left out for brevity); see <see cref="Paging"/>.</summary>
public sealed class ListJourneysHandler(JourneyStore journeys)
{
    public const string Route = "journeys";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, Route);
        if (error is not null)
        {
            return error;
        }

        (IReadOnlyList<JourneyInfo> page, string? next) = await journeys.ListPageAsync(pageSize, continuation, cancellationToken);
        return Paging.Page(request, Route, page.Select(j => j with { Draft = null }), pageSize, next);
    }
}
