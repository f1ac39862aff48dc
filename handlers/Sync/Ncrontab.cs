using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;
using Cronos;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// The schedules the timers take: NCRONTAB of six fields, seconds first, as the Functions timer trigger reads them.
/// The Functions host would also take five fields (no seconds) and Cronos its macros (<c>@daily</c>); both hosts and
/// the sync admin refuse those, so one schedule means the same everywhere. A schedule that never falls due (February 30)
/// is refused too: its timer would never run, silently. A timer's schedule setting is also refused what Cronos reads and
/// the Functions host's NCrontab does not (<see cref="TryParseTimerSchedule"/>); the admin's schedule, which only this
/// code reads, may use them.
/// </summary>
public static partial class Ncrontab
{
    /// <summary>What a refused schedule is told, after its name.</summary>
    public const string Rule = "must be an NCRONTAB expression of six fields (second minute hour day month weekday) that falls due, e.g. \"0 0 2 * * *\"";

    /// <summary>Reads a schedule of six fields; one that never falls due reads too (see <see cref="TryParseFallingDue"/>).</summary>
    public static bool TryParse(string? schedule, [NotNullWhen(true)] out CronExpression? expression)
    {
        expression = null;
        return schedule is not null
            && schedule.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Length == 6
            && CronExpression.TryParse(schedule, CronFormat.IncludeSeconds, out expression);
    }

    /// <summary>What a timer's schedule setting is told when refused, after its name.</summary>
    public const string TimerRule = "must be an NCRONTAB expression of six fields (second minute hour day month weekday) that falls due, without L, W, # or ?, weekdays 0-6 or SUN-SAT, e.g. \"0 0 2 * * *\"";

    /// <summary>What a schedule given in a setting must be: readable, and falling due at some date.</summary>
    public static bool TryParseFallingDue(string? schedule, [NotNullWhen(true)] out CronExpression? expression) =>
        TryParse(schedule, out expression) && expression.GetNextOccurrence(DateTime.UtcNow) is not null;

    /// <summary>
    /// A timer's schedule: falling due, and none of Cronos's own (<c>L</c>, <c>W</c>, <c>?</c> in the day of the month;
    /// <c>L</c>, <c>#</c>, <c>?</c>, Sunday as <c>7</c> in the weekday), with which the Functions host leaves the timer
    /// unloaded while the local host would run it.
    /// </summary>
    public static bool TryParseTimerSchedule(string? schedule, [NotNullWhen(true)] out CronExpression? expression)
    {
        expression = null;
        return schedule?.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) is { Length: 6 } fields
            && !CronosDayOfMonth().IsMatch(fields[3]) && !CronosWeekday().IsMatch(fields[5])
            && TryParseFallingDue(schedule, out expression);
    }

    // The day of the month has no names, so any of these is Cronos's; the weekday's names (MON..SUN) hold no L.
    [GeneratedRegex("[LW?]", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CronosDayOfMonth();

    // A 7 that is a weekday (Sunday again), not a step (*/7).
    [GeneratedRegex(@"[L#?]|(?<![\d/])7(?!\d)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex CronosWeekday();
}
