using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>
/// POST /api/journeys/{journeyId}/abort: no new runs, and runs in flight stop at their next step; their accounts
/// still listening for events leave the routing index.
/// </summary>
public sealed class AbortJourneyHandler(JourneyStore journeys, JourneyRuns runs, ListenerIndex listeners)
{
    public const string Route = "journeys/{journeyId}/abort";

    public async Task<IResult> HandleAsync(DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        JourneyInfo? journey;
        try
        {
            journey = TableKey.IsValid(journeyId)
                ? await journeys.TransitionAsync(journeyId, JourneyStatus.Aborted, JourneyLifecycle.CanAbort, cancellationToken)
                : null;
        }
        catch (InvalidOperationException e)
        {
            return ApiResults.Conflict(e.Message);
        }

        if (journey is null)
        {
            return ApiResults.NotFound($"Journey '{journeyId}'");
        }

        int stopped = 0;
        foreach (var run in await runs.ListAsync(client, journeyId, cancellationToken))
        {
            if (JourneyRuns.InFlight(run.Status))
            {
                await JourneyRuns.TerminateAsync(client, run.RunId, $"Journey {journeyId} was aborted.", cancellationToken);
                await listeners.RemoveRunAsync(run.RunId, cancellationToken);
                stopped++;
            }
        }

        return ApiResults.Json(new { journey = journey with { Draft = null }, runsStopped = stopped });
    }
}
