using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Settings;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>POST /api/journeys/{journeyId}/runs: starts a run of the live version; 202 with the status URL.</summary>
public sealed class StartRunHandler(JourneyStore journeys, AppSettings settings, TimeProvider clock)
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

        if (journey.Status != JourneyStatus.Live || journey.LiveVersion is not { } version)
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"Journey '{journeyId}' is {journey.Status.ToString().ToLowerInvariant()}; only a live journey can start runs.");
        }

        JourneyDefinition? pinned = await journeys.GetVersionAsync(journeyId, version, cancellationToken);
        if (pinned?.Start.EndAt is { } endAt && endAt <= clock.GetUtcNow())
        {
            return ApiResults.Error(StatusCodes.Status409Conflict, $"Journey '{journeyId}' ended at {endAt:O}; no account can enter it any more.");
        }

        string runId = "run-" + Guid.NewGuid().ToString("N");
        await journeys.RecordRunAsync(journeyId, runId, version, clock.GetUtcNow(), cancellationToken);
        await client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyRun,
            new JourneyRunInput(runId, journeyId, version, settings.JourneyBatchSize),
            new Microsoft.DurableTask.StartOrchestrationOptions { InstanceId = runId },
            cancellationToken);
        string statusUrl = Urls.Api(request, $"runs/{runId}");
        request.HttpContext.Response.Headers.Location = statusUrl;
        return ApiResults.Json(new { runId, journeyId, version, statusUrl }, StatusCodes.Status202Accepted);
    }
}
