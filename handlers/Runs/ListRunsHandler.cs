using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// GET /api/journeys/{journeyId}/runs: a page of the journey's runs with their version and status; see <see cref="Paging"/>.
/// A run whose start was cut off before Durable stored it is forgotten here (<see cref="JourneyRuns.ForgetIfNeverScheduledAsync"/>).
/// </summary>
public sealed class ListRunsHandler(JourneyStore journeys, TimeProvider clock)
{
    public const string Route = "journeys/{journeyId}/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        JourneyInfo? journey = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        if (journey is null)
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
        DateTimeOffset now = clock.GetUtcNow();
        foreach (RunRecord record in runs)
        {
            OrchestrationMetadata? run = await client.GetInstanceAsync(record.RunId, getInputsAndOutputs: false, cancellationToken);
            if (!await JourneyRuns.ForgetIfNeverScheduledAsync(journeys, journeyId, record, run, now, cancellationToken))
            {
                items.Add(new { runId = record.RunId, version = record.Version, startedAt = record.StartedAt, status = run?.RuntimeStatus.ToString() ?? "Unknown", statusUrl = Urls.Api(request, $"runs/{record.RunId}") });
            }
        }

        if (journey.Status == JourneyStatus.Closed)
        {
            // It may have waited only for a run forgotten here, by this list or by one cut off before it finished it.
            await journeys.FinishIfRunsEndedAsync(journeyId, cancellationToken);
        }

        return Paging.Page(request, route, items, pageSize, next);
    }
}
