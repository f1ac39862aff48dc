namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Answers write every time as a <see cref="DateTimeOffset"/> (<c>+00:00</c>); a UTC <see cref="DateTime"/> kept
/// inside the engine would be written with <c>Z</c>, so it is turned into one at the answer.
/// </summary>
public static class UtcDateTimes
{
    public static DateTimeOffset? WithOffset(this DateTime? utc) =>
        utc is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc)) : null;
}
