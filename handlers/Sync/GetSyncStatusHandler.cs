using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Orchestrations.Sync;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// GET /api/sync/status: the initial sync's progress and rate, and under <c>changes</c> the change feed's poll state (Marketo's lead changes)
/// (<c>Polling</c>, <c>Paused</c> with until when and why, <c>Off</c> while the sync is switched off, or <c>NotPolled</c> with the table source, whose store emits
/// its own changes). <c>enabled</c> says whether the admin has the sync switched on; when off, <c>switchedOff</c> says by
/// whom and when, and the timers and the change handler skip. Under <c>salesforce</c>, the Salesforce inbound poll's
/// state and the checkpoint of each of its streams.
/// </summary>
public sealed class GetSyncStatusHandler(
    TimeProvider clock, SyncCheckpointStore checkpoints, ISyncSettings settings, IPeopleChangeFeed? feed = null, ISalesforceChanges? salesforceChanges = null)
{
    public const string Route = "sync/status";

    public async Task<IResult> HandleAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? sync = await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: true, cancellationToken);
        DateTime now = clock.GetUtcNow().UtcDateTime;
        StoredSyncSettings admin = await settings.GetAsync(cancellationToken);
        bool enabled = admin.Settings.Enabled;
        // NotPolled (nothing to poll) before Off (polling switched off), as the Salesforce poll's status says it.
        object changes = feed is null || enabled ? await ChangesAsync(now, cancellationToken) : new { status = "Off" };
        object salesforce = await SalesforceAsync(enabled, cancellationToken);
        object? switchedOff = enabled ? null : new { by = admin.ChangedBy, at = admin.ChangedAt, skipping = "timers and change handlers skip; a running sync pauses" };
        if (sync is null)
        {
            return ApiResults.JsonWith(
                new { status = "NotStarted", enabled, changes, salesforce },
                ("switchedOff", switchedOff), ("pausedUntil", null), ("pauseReason", null), ("estimatedSecondsLeft", null), ("lastError", null));
        }

        SyncProgress? progress = (sync.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? sync.ReadOutputAs<SyncProgress>() : null) ?? sync.ReadCustomStatusAs<SyncProgress>() ?? sync.ReadInputAs<SyncProgress>();
        DateTime end = sync.IsCompleted ? sync.LastUpdatedAt.UtcDateTime : now;
        double seconds = progress is null ? 0 : Math.Max((end - progress.StartedUtc).TotalSeconds, 0.001);
        double rate = progress is null ? 0 : progress.Read / seconds;
        // Throttled, the rest goes at the throttle, however fast or slow the steps so far went (it may have changed).
        double ahead = progress is { MaxPeoplePerMinute: > 0 } ? progress.MaxPeoplePerMinute / 60.0 : rate;
        bool paused = sync.RuntimeStatus == OrchestrationRuntimeStatus.Running && progress?.PausedUntilUtc > now;
        // The members the README lists are written even when null, so a client can read them without checking first.
        return ApiResults.JsonWith(
            new
            {
                status = paused ? "Paused" : sync.RuntimeStatus.ToString(),
                enabled,
                progress,
                peoplePerSecond = Math.Round(rate, 1),
                lastUpdatedAt = sync.LastUpdatedAt,
                changes,
                salesforce,
            },
            ("switchedOff", switchedOff),
            ("pausedUntil", paused ? progress!.PausedUntilUtc.WithOffset() : null),
            ("pauseReason", paused ? progress!.PauseReason : null),
            ("estimatedSecondsLeft", paused ? null : EstimatedSecondsLeft(sync, progress, ahead)),
            ("lastError", sync.RuntimeStatus == OrchestrationRuntimeStatus.Failed ? ApiErrors.Shown(sync.FailureDetails?.ErrorMessage ?? sync.SerializedOutput, "The sync failed; the host's log has the error.") : null));
    }

    private async Task<object> ChangesAsync(DateTime now, CancellationToken cancellationToken)
    {
        if (feed is null)
        {
            return new { status = "NotPolled" };
        }

        SyncCheckpoint checkpoint = await checkpoints.GetAsync(feed.CheckpointName, cancellationToken);
        return checkpoint.IsPausedAt(now)
            ? new { status = "Paused", pausedUntil = checkpoint.PausedUntilUtc.WithOffset(), pauseReason = checkpoint.PauseReason }
            : new { status = "Polling" };
    }

    /// <summary>The inbound poll: <c>NotPolled</c> without an org, else <c>Polling</c> or <c>Off</c>, with each stream's checkpoint (null before its first poll).</summary>
    private async Task<object> SalesforceAsync(bool enabled, CancellationToken cancellationToken)
    {
        if (salesforceChanges is null)
        {
            return new Dictionary<string, object?> { ["status"] = "NotPolled", ["checkpoints"] = null };
        }

        var since = new Dictionary<string, DateTimeOffset?>(StringComparer.Ordinal);
        foreach (string stream in SalesforceInboundTimerHandler.Streams)
        {
            since[stream] = SalesforceInboundTimerHandler.CheckpointTime(await checkpoints.GetAsync(stream, cancellationToken));
        }

        return new { status = enabled ? "Polling" : "Off", checkpoints = since };
    }

    /// <summary>Time left at <paramref name="rate"/>, when the source's total is known and the sync is still going; 0 once completed, null once failed or stopped.</summary>
    private static double? EstimatedSecondsLeft(OrchestrationMetadata sync, SyncProgress? progress, double rate) =>
        sync.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? 0
        : sync.IsCompleted ? null
        : progress?.SourceTotal is { } total && rate > 0 ? Math.Round(Math.Max(total - progress.Read, 0) / rate, 1)
        : null;
}
