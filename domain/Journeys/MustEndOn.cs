namespace JourneyFunctions.Domain.Journeys;

/// <summary>A wait that must end on a given weekday and time of day in a time zone (IANA id, e.g. <c>Asia/Seoul</c>).</summary>
public sealed record MustEndOn(DayOfWeek Day, TimeOnly Time, string TimeZone)
{
    /// <summary>The first such moment at or after <paramref name="earliest"/>.</summary>
    public DateTimeOffset NextAtOrAfter(DateTimeOffset earliest)
    {
        TimeZoneInfo zone = TimeZoneInfo.FindSystemTimeZoneById(TimeZone);
        DateTime local = TimeZoneInfo.ConvertTime(earliest, zone).DateTime;
        DateTime candidate = local.Date + Time.ToTimeSpan();
        while (candidate.DayOfWeek != Day || candidate < local)
        {
            candidate = candidate.AddDays(1).Date + Time.ToTimeSpan();
        }

        return new DateTimeOffset(candidate, zone.GetUtcOffset(candidate));
    }
}
