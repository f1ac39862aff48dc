using System.Globalization;

namespace JourneyFunctions.Domain.Json;

/// <summary>Text read as a number the way conditions and scores read stored values: a finite number in invariant form ("NaN" and "Infinity" are text, as in JSON).</summary>
public static class NumberText
{
    public static bool TryRead(string? text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
}
