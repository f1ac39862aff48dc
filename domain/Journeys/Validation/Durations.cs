using System.Globalization;
using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>
/// ISO-8601 durations (PT2S, P3D, P1DT2H, P1Y2M, and weeks alone: P2W) as positive time spans: a year counts 365 days
/// and a month 30, each as written (P13M is 390 days, not a year and a month); only seconds take a fraction, rounded up
/// to the next 100 ns tick (so PT0.000000001S is positive, as written). One too long for a time span is
/// <see cref="TimeSpan.MaxValue"/>: longer than any bound, which then names its limit.
/// </summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = default;
        Match parts = text is null ? Match.Empty : Iso8601().Match(text);
        // Every part is optional in the pattern, but the duration needs one, and a 'T' needs a time part after it.
        if (!parts.Success || text is "P" || text!.EndsWith('T'))
        {
            return false;
        }

        try
        {
            long days = checked((Part(parts, "years") * 365) + (Part(parts, "months") * 30) + (Part(parts, "weeks") * 7) + Part(parts, "days"));
            long seconds = checked((Part(parts, "hours") * 3600) + (Part(parts, "minutes") * 60) + Part(parts, "seconds"));
            // Digits past the ninth round the fraction up by one nanosecond, so it stays positive as written.
            string fraction = parts.Groups["fraction"].Value;
            long nanoseconds = fraction.Length == 0 ? 0 : long.Parse(fraction.PadRight(9, '0').AsSpan(0, 9), CultureInfo.InvariantCulture);
            nanoseconds += fraction.AsSpan(Math.Min(9, fraction.Length)).ContainsAnyExcept('0') ? 1 : 0;
            long fractionTicks = (nanoseconds + 99) / 100;
            duration = TimeSpan.FromTicks(checked((days * TimeSpan.TicksPerDay) + (seconds * TimeSpan.TicksPerSecond) + fractionTicks));
            return duration > TimeSpan.Zero;
        }
        catch (OverflowException)
        {
            duration = TimeSpan.MaxValue;
            return true;
        }
    }

    private static long Part(Match parts, string name) =>
        parts.Groups[name].Success ? long.Parse(parts.Groups[name].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture) : 0;

    // Any number of digits a part (leading zeros too): a part too large for a long is an overflow, caught above, so it
    // gets the bound's reason rather than "not a duration". Weeks stand alone, as ISO 8601 writes them.
    [GeneratedRegex(@"^P(?:(?<weeks>[0-9]+)W|(?:(?<years>[0-9]+)Y)?(?:(?<months>[0-9]+)M)?(?:(?<days>[0-9]+)D)?(?:T(?:(?<hours>[0-9]+)H)?(?:(?<minutes>[0-9]+)M)?(?:(?<seconds>[0-9]+)(?:\.(?<fraction>[0-9]+))?S)?)?)\z", RegexOptions.CultureInvariant)]
    private static partial Regex Iso8601();
}
