using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/{journeyId}/close: no new runs or entries; runs in flight finish, and the journey with them.</summary>
public sealed class CloseJourneyHandler(JourneyStore journeys, TimeProvider clock)
{
    public const string Route = "journeys/{journeyId}/close";

    public async Task<IResult> HandleAsync(DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        JourneyInfo? journey;
        try
        {
            journey = TableKey.IsValid(journeyId)
                ? await journeys.TransitionAsync(journeyId, JourneyStatus.Closed, JourneyLifecycle.CanClose, JourneyLifecycle.ClosedAlready, cancellationToken)
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

        // A run whose start was cut off before Durable stored it never ends: not one to wait for.
        DateTimeOffset now = clock.GetUtcNow();
        foreach (RunRecord run in (await journeys.ListRunsAsync(journeyId, cancellationToken)).Where(run => JourneyRuns.MayBeNeverScheduled(run, now)))
        {
            OrchestrationMetadata? known = await client.GetInstanceAsync(run.RunId, getInputsAndOutputs: false, cancellationToken);
            await JourneyRuns.ForgetIfNeverScheduledAsync(journeys, journeyId, run, known, now, cancellationToken);
        }

        // With no run in flight it is finished at once; otherwise the last run to end finishes it.
        return ApiResults.Json(await journeys.FinishIfRunsEndedAsync(journeyId, cancellationToken) ? journey with { Status = JourneyStatus.Finished } : journey);
    }
}
