using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>Starts runs of a journey's live version: over its audience (the API), or for given accounts (another journey's action).</summary>
public sealed class JourneyRunStarter(JourneyStore journeys, HandlerSettings settings, TimeProvider clock)
{
    public async Task<RunStart> StartAsync(DurableTaskClient client, string journeyId, string runId, IReadOnlyList<string>? accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        JourneyInfo? journey = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        if (journey is null)
        {
            return RunStart.Refused(StatusCodes.Status404NotFound, $"Journey '{journeyId}' was not found.");
        }

        if (journey.Status != JourneyStatus.Live || journey.LiveVersion is not { } version)
        {
            return RunStart.Refused(StatusCodes.Status409Conflict, $"Journey '{journeyId}' is {journey.Status.ToString().ToLowerInvariant()}; only a live journey can start runs.");
        }

        JourneyDefinition? pinned = await journeys.GetVersionAsync(journeyId, version, cancellationToken);
        if (pinned?.Start.EndAt is { } endAt && endAt <= clock.GetUtcNow())
        {
            return RunStart.Refused(StatusCodes.Status409Conflict, $"Journey '{journeyId}' ended at {endAt:O}; no account can enter it any more.");
        }

        await journeys.RecordRunAsync(journeyId, runId, version, clock.GetUtcNow(), cancellationToken);
        // The start gives up (the schedule call is cancelled) at JourneyRuns.StartDeadline, inside the grace after which
        // the run list and close forget a record Durable does not know.
        using var timeout = new CancellationTokenSource(JourneyRuns.StartDeadline, clock);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        // A close between the check above and the record found no run in flight, and may have finished the journey:
        // this run does not start, and the journey finishes if it waited for this run alone. A close after the record
        // sees the run and leaves the journey closed until it ends.
        if ((await journeys.GetAsync(journeyId, cancellationToken))?.Status is { } now && now != JourneyStatus.Live)
        {
            await journeys.ForgetRunAsync(journeyId, runId, cancellationToken);
            await journeys.FinishIfRunsEndedAsync(journeyId, cancellationToken);
            return RunStart.Refused(StatusCodes.Status409Conflict, $"Journey '{journeyId}' was {(now == JourneyStatus.Aborted ? "aborted" : "closed")} while the run started; the run did not start.");
        }

        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                OrchestratorNames.JourneyRun,
                new JourneyRunInput(runId, journeyId, version, settings.JourneyBatchSize, accounts, StopsBatches: true),
                new StartOrchestrationOptions { InstanceId = runId },
                deadline.Token);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await ForgetIfNotScheduledAsync(client, journeyId, runId);
            throw;
        }

        // An abort between the check above and the schedule did not see this run in Durable yet: stop it here.
        if (await journeys.IsAbortedAsync(journeyId, cancellationToken))
        {
            await JourneyRuns.TerminateAsync(client, runId, $"Journey {journeyId} was aborted while the run started.", cancellationToken);
            await journeys.ForgetRunAsync(journeyId, runId, cancellationToken); // refused, so not listed either
            return RunStart.Refused(StatusCodes.Status409Conflict, $"Journey '{journeyId}' was aborted while the run started; the run was stopped.");
        }

        return new RunStart(runId, version);
    }

    /// <summary>
    /// A schedule that failed (the task hub's storage failing, say) may still have stored the run: only a run Durable
    /// does not know is forgotten, so a closed journey does not wait for a run that will never end. When Durable
    /// cannot answer either, the row stays for the caller's retry, which records the same run id again.
    /// </summary>
    private async Task ForgetIfNotScheduledAsync(DurableTaskClient client, string journeyId, string runId)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        try
        {
            if (await client.GetInstanceAsync(runId, getInputsAndOutputs: false, deadline.Token) is null)
            {
                await journeys.ForgetRunAsync(journeyId, runId, deadline.Token);
                await journeys.FinishIfRunsEndedAsync(journeyId, deadline.Token);
            }
        }
        catch (Exception cleanupFailure) when (cleanupFailure is not OutOfMemoryException)
        {
            // Durable or the journey table still failing: the original failure is what the caller is told.
        }
    }
}
