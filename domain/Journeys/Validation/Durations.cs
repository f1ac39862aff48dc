using System.Xml;

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>
/// ISO-8601 durations (PT2S, P3D, P1DT2H, and weeks alone: P2W) as positive time spans; an overflowing one is simply
/// not valid. Years and months count as XML Schema counts them (365 and 30 days).
/// </summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        try
        {
            // ISO-8601 writes weeks alone (PnW); XML Schema's durations, parsed below, have none.
            duration = text is ['P', .. string weeks, 'W'] && weeks.Length is > 0 and <= 5 && weeks.All(char.IsAsciiDigit)
                ? TimeSpan.FromDays(7 * int.Parse(weeks, System.Globalization.CultureInfo.InvariantCulture))
                : text is null ? default : XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            duration = default;
            return false;
        }
    }
}
