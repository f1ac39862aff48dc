using JourneyFunctions.Domain.SalesActivities;

namespace JourneyFunctions.Domain.Sync;

/// <summary>
/// What a sales-ops admin controls at run time (<c>GET/PUT /api/sync/settings</c>), stored in a table; the app
/// settings give the defaults until the first change.
/// </summary>
public sealed record SyncSettings
{
    /// <summary>Off: the timers and the change handler skip (and say so in the status), a running initial sync pauses.</summary>
    public bool Enabled { get; init; } = true;

    /// <summary>The longest <see cref="InitialSyncSchedule"/>, from the admin API or the app setting that is its default.</summary>
    public const int MaxScheduleLength = 100;

    /// <summary>NCRONTAB (six fields): which of the initial-sync timer's wake-ups start or resume the sync.</summary>
    public string InitialSyncSchedule { get; init; } = "0 */1 * * * *";

    /// <summary>Whether a due occurrence of the schedule also starts a fresh full sync after a completed one.</summary>
    public bool RerunCompleted { get; init; }

    /// <summary>The initial sync's throttle in people read per minute; 0 = as fast as the source allows.</summary>
    public int MaxPeoplePerMinute { get; init; }

    /// <summary>The sales activity types logged to Salesforce as tasks.</summary>
    public IReadOnlyList<SalesActivityType> SalesforceTaskTypes { get; init; } =
        [SalesActivityType.SendSalesEmail, SalesActivityType.ReceiveSalesCall, SalesActivityType.ReminderTask];
}
