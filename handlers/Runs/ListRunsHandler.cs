using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>GET /api/journeys/{journeyId}/runs: the journey's runs with their version and status.</summary>
public sealed class ListRunsHandler(JourneyRuns runs)
{
    public const string Route = "journeys/{journeyId}/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        if (!TableKey.IsValid(journeyId))
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        var list = await runs.ListAsync(client, journeyId, cancellationToken);
        return ApiResults.Json(list.Select(r => new
        {
            runId = r.RunId,
            version = r.Version,
            startedAt = r.StartedAt,
            status = r.Status?.ToString() ?? "Unknown",
            statusUrl = Urls.Api(request, $"runs/{r.RunId}"),
        }));
    }
}
