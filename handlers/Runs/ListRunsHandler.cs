using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>GET /api/journeys/{journeyId}/runs: a page of the journey's runs with their version and status; see <see cref="Paging"/>.</summary>
public sealed class ListRunsHandler(JourneyStore journeys)
{
    public const string Route = "journeys/{journeyId}/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (!TableKey.IsValid(journeyId) || await journeys.GetAsync(journeyId, cancellationToken) is null)
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        string route = Route.Replace("{journeyId}", journeyId, StringComparison.Ordinal);
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route);
        if (error is not null)
        {
            return error;
        }

        var (runs, next) = await journeys.ListRunsPageAsync(journeyId, pageSize, continuation, cancellationToken);
        var items = new List<object>(runs.Count);
        foreach ((string runId, int version, DateTimeOffset startedAt) in runs)
        {
            OrchestrationMetadata? run = await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken);
            items.Add(new { runId, version, startedAt, status = run?.RuntimeStatus.ToString() ?? "Unknown", statusUrl = Urls.Api(request, $"runs/{runId}") });
        }

        return Paging.Page(request, route, items, pageSize, next);
    }
}
