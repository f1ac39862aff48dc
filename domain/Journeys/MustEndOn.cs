using System.Globalization;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Json;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// A wait that must end on a given weekday and time of day in a time zone (IANA id, e.g. <c>Asia/Seoul</c>).
/// All three stay text as written and may be null (given as null counts as absent), so a wrong or missing one is a
/// validation problem naming its field, not a parse error.
/// </summary>
public sealed record MustEndOn(string? Day, string? Time, string? TimeZone)
{
    /// <summary><see cref="Day"/> as a weekday, when it names one (any case; numbers and lists are not names).</summary>
    [JsonIgnore]
    public DayOfWeek? Weekday =>
        EnumText.TryParse(Day, out DayOfWeek day) ? day : null;

    /// <summary><see cref="Time"/> as a time of day, when it is exactly <c>HH:mm:ss</c>.</summary>
    [JsonIgnore]
    public TimeOnly? TimeOfDay =>
        TimeOnly.TryParseExact(Time, "HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out TimeOnly time) ? time : null;

    private static readonly Lazy<HashSet<string>> ListedZones = new(() => [.. TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id)]);

    /// <summary>
    /// Whether <paramref name="id"/> names a time zone by its IANA or Windows id. The system finds more than those (on
    /// Linux any file under its zoneinfo folder: <c>localtime</c>, <c>posixrules</c>, <c>posix/Asia/Seoul</c>,
    /// <c>Asia//Seoul</c>), whose meaning depends on the host, so the id must also be one the system lists as a zone or
    /// one the IANA-Windows mapping knows (links such as <c>US/Eastern</c>, and Windows ids).
    /// </summary>
    public static bool IsKnownZone(string id) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(id, out _)
        && (ListedZones.Value.Contains(id) || TimeZoneInfo.TryConvertIanaIdToWindowsId(id, out _) || TimeZoneInfo.TryConvertWindowsIdToIanaId(id, out _));

    /// <summary>The first such moment at or after <paramref name="earliest"/> (only for a validated rule).</summary>
    public DateTimeOffset NextAtOrAfter(DateTimeOffset earliest)
    {
        DayOfWeek day = Weekday ?? throw new InvalidOperationException($"mustEndOn.day '{Day}' is not a weekday (the version should not have validated).");
        TimeSpan time = (TimeOfDay ?? throw new InvalidOperationException($"mustEndOn.time '{Time}' is not HH:mm:ss (the version should not have validated).")).ToTimeSpan();
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone ?? throw new InvalidOperationException("mustEndOn.timeZone is missing (the version should not have validated)."));
        DateTime local = TimeZoneInfo.ConvertTime(earliest, zone).DateTime;
        DateTime candidate = local.Date + time;
        while (candidate.DayOfWeek != day || candidate < local)
        {
            candidate = candidate.AddDays(1).Date + time;
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }
}
