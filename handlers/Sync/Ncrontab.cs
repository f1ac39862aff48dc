using System.Diagnostics.CodeAnalysis;
using Cronos;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// The schedules the timers take: NCRONTAB of six fields, seconds first, as the Functions timer trigger reads them.
/// The Functions host would also take five fields (no seconds) and Cronos its macros (<c>@daily</c>); both hosts and
/// the sync admin refuse those, so one schedule means the same everywhere. A schedule that never falls due (February 30)
/// is refused too: its timer would never run, silently.
/// </summary>
public static class Ncrontab
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

    /// <summary>What a schedule given in a setting must be: readable, and falling due at some date.</summary>
    public static bool TryParseFallingDue(string? schedule, [NotNullWhen(true)] out CronExpression? expression) =>
        TryParse(schedule, out expression) && expression.GetNextOccurrence(DateTime.UtcNow) is not null;
}
