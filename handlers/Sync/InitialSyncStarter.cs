using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Orchestrations.Sync;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>Starts the one initial-sync instance, never a second while one runs, nor two after the same ended run.</summary>
public sealed class InitialSyncStarter(HandlerSettings settings, ISyncSettings syncSettings, SyncStartClaim claim, TimeProvider clock)
{
    /// <summary>What happened: <c>started</c>, <c>resumed</c> (from a failed run's checkpoint), <c>running</c> or <c>completed</c>.</summary>
    public async Task<string> EnsureStartedAsync(DurableTaskClient client, bool restartCompleted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? current = await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (IsRunning(current))
        {
            return "running";
        }

        if (current is { RuntimeStatus: OrchestrationRuntimeStatus.Completed } && !restartCompleted)
        {
            return "completed";
        }

        // A failed or terminated sync resumes from the checkpoint it last published; anything else starts over.
        SyncProgress? checkpoint = current is { RuntimeStatus: OrchestrationRuntimeStatus.Failed or OrchestrationRuntimeStatus.Terminated }
            ? current.ReadCustomStatusAs<SyncProgress>() ?? current.ReadInputAs<SyncProgress>()
            : null;
        // Callers that all saw this same ended run (or none) would each start a new one: one claim goes through.
        string follows = current is null ? "none" : current.CreatedAt.UtcTicks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!await claim.TryClaimAsync(follows, clock.GetUtcNow(), cancellationToken))
        {
            return "running";
        }

        int throttle = (await syncSettings.GetAsync(cancellationToken)).Settings.MaxPeoplePerMinute;
        SyncProgress start = checkpoint ?? new SyncProgress { PageSize = settings.SyncPageSize, MaxPeoplePerMinute = throttle, StartedUtc = clock.GetUtcNow().UtcDateTime };
        try
        {
            await client.ScheduleNewOrchestrationInstanceAsync(
                OrchestratorNames.InitialSync, start, new StartOrchestrationOptions { InstanceId = InitialSyncOrchestration.InstanceId }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (await IsRunningAsync(client, cancellationToken))
            {
                return "running"; // another caller started it between our read and our start
            }

            throw;
        }

        return checkpoint is null ? "started" : "resumed";
    }

    /// <summary>Ends a running sync's pause at once (it was switched off and is switched on again); nothing when none runs.</summary>
    public static async Task WakeAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        if (await IsRunningAsync(client, cancellationToken))
        {
            await DurableInstanceCalls.RaiseEventAsync(client, InitialSyncOrchestration.InstanceId, InitialSyncOrchestration.ResumeEvent, true, cancellationToken);
        }
    }

    private static bool IsRunning(OrchestrationMetadata? instance) => DurableInstanceCalls.InFlight(instance?.RuntimeStatus);

    private static async Task<bool> IsRunningAsync(DurableTaskClient client, CancellationToken cancellationToken) =>
        IsRunning(await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: false, cancellationToken));
}
