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
                ? await journeys.TransitionAsync(journeyId, JourneyStatus.Aborted, JourneyLifecycle.CanAbort, cancellationToken: cancellationToken)
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

        // Side by side: stopping a run waits for Durable to stop it, and a journey whose action adds accounts to it
        // has a run per added account.
        List<string> inFlight = [.. (await runs.ListAsync(client, journeyId, cancellationToken)).Where(r => DurableInstanceCalls.InFlight(r.Status)).Select(r => r.RunId)];
        await Parallel.ForEachAsync(inFlight, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (runId, ct) =>
        {
            await JourneyRuns.TerminateAsync(client, runId, $"Journey {journeyId} was aborted.", ct);
            await listeners.RemoveRunAsync(runId, ct);
        });

        return ApiResults.Json(new { journey, runsStopped = inFlight.Count });
    }
}
