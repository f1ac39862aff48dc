using Cronos;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// Timer (setting <c>InitialSyncSchedule</c>, the wake-up): starts or resumes the initial sync when an occurrence of the
/// admin's schedule (<see cref="SyncSettings.InitialSyncSchedule"/>) fell since the previous wake-up; a finished sync
/// stays finished unless the admin chose <see cref="SyncSettings.RerunCompleted"/>. With the sync switched off it skips.
/// </summary>
public sealed class InitialSyncTimerHandler(
    InitialSyncStarter starter, ISyncSettings settings, SyncCheckpointStore checkpoints, TimeProvider clock, ILogger<InitialSyncTimerHandler> logger)
{
    public const string ScheduleSetting = "%InitialSyncSchedule%";

    /// <summary>The checkpoint holding the previous wake-up, for the schedule's due check.</summary>
    public const string WakeUpCheckpoint = "initial-sync-timer";

    public async Task HandleAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        StoredSyncSettings stored = await settings.GetAsync(cancellationToken);
        if (!stored.Settings.Enabled)
        {
            logger.LogInformation("Initial sync timer: skipped, the sync is switched off (by {ChangedBy} at {ChangedAt:u})", stored.ChangedBy, stored.ChangedAt);
            return;
        }

        DateTimeOffset now = WakeUpAt(clock.GetUtcNow());
        string? previous = (await checkpoints.GetAsync(WakeUpCheckpoint, cancellationToken)).Token;
        string? outcome = IsDue(stored.Settings.InitialSyncSchedule, previous, now)
            ? await starter.EnsureStartedAsync(client, restartCompleted: stored.Settings.RerunCompleted, cancellationToken)
            : null;
        // Only now: a start that failed (or a process that died) leaves the occurrence due for the next wake-up.
        await checkpoints.SetAsync(WakeUpCheckpoint, now.ToString("O", System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
        if (outcome is null)
        {
            logger.LogDebug("Initial sync timer: the schedule {Schedule} has no occurrence since the previous wake-up", stored.Settings.InitialSyncSchedule);
        }
        else
        {
            logger.LogInformation("Initial sync timer: {Outcome}", outcome);
        }
    }

    /// <summary>
    /// The wake-up's time, to the nearest whole second: a timer of whole-second occurrences can fire a fraction of a
    /// millisecond early (20:57:59.9998944 for 20:58:00), and read as it is, the occurrence it fired for would fall
    /// after it, and be left to the next wake-up.
    /// </summary>
    public static DateTimeOffset WakeUpAt(DateTimeOffset now)
    {
        long ticks = now.UtcTicks + (TimeSpan.TicksPerSecond / 2);
        return new DateTimeOffset(ticks - (ticks % TimeSpan.TicksPerSecond), TimeSpan.Zero);
    }

    /// <summary>
    /// Whether <paramref name="schedule"/> has an occurrence after the previous wake-up, up to now. The first wake-up is
    /// due, and so is every wake-up under a default schedule Cronos cannot read (the app setting's own form, which the
    /// Functions host read): the wake-ups are then the schedule.
    /// </summary>
    public static bool IsDue(string schedule, string? previousWakeUp, DateTimeOffset now) =>
        !DateTimeOffset.TryParse(previousWakeUp, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind, out DateTimeOffset previous)
        || !Ncrontab.TryParse(schedule, out CronExpression? expression)
        || expression.GetNextOccurrence(previous, TimeZoneInfo.Utc) <= now;
}
