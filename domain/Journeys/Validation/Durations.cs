using System.Xml;

namespace JourneyFunctions.Domain.Journeys.Validation;

/// <summary>ISO-8601 durations (PT2S, P3D, P1DT2H) as positive time spans; an overflowing one is simply not valid.</summary>
public static class Durations
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        try
        {
            duration = text is null ? default : XmlConvert.ToTimeSpan(text);
            return duration > TimeSpan.Zero;
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            duration = default;
            return false;
        }
    }
}
