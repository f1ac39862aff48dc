namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Answers write every time as a <see cref="DateTimeOffset"/> (<c>+00:00</c>); a UTC <see cref="DateTime"/> kept
/// inside the engine would be written with <c>Z</c>, so it is turned into one at the answer.
/// </summary>
public static class UtcDateTimes
{
    public static DateTimeOffset? WithOffset(this DateTime? utc) => utc?.WithOffset();

    /// <summary>A UTC time (an orchestration's <c>CurrentUtcDateTime</c>, whatever its kind says) as a <see cref="DateTimeOffset"/>.</summary>
    public static DateTimeOffset WithOffset(this DateTime utc) => new(DateTime.SpecifyKind(utc, DateTimeKind.Utc));
}
