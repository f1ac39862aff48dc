using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Reads a whole number written with a zero fraction or an exponent (<c>2.0</c>, <c>2e0</c>) as that number, as JSON
/// Schema's <c>integer</c> does; System.Text.Json takes only digits. A fraction or a number out of range stays an error.
/// Text is read only where the options allow numbers as text (never in requests).
/// </summary>
public sealed class WholeNumberConverter : JsonConverter<int>
{
    private const string NotWhole = "must be a whole number within the documented bounds (a JSON number, not text)";

    public override int Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out int exact) ? exact
                : IsWhole(Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan))
                    && reader.TryGetDecimal(out decimal value) && value is >= int.MinValue and <= int.MaxValue ? (int)value
                : throw new JsonException(NotWhole); // the serializer adds the path
        }

        return reader.TokenType == JsonTokenType.String && options.NumberHandling.HasFlag(JsonNumberHandling.AllowReadingFromString)
            && int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int text)
            ? text
            : throw new JsonException(NotWhole);
    }

    /// <summary>
    /// Whether a JSON number, as written, is a whole number: every digit past the point, once the exponent has moved
    /// it, is 0. Exact for any number of digits, where a double (and past 28 digits a decimal) rounds
    /// <c>4.9999999999999999</c> to 5. An exponent beyond a long's range counts as not whole.
    /// </summary>
    public static bool IsWhole(string number)
    {
        ArgumentNullException.ThrowIfNull(number);
        int e = number.AsSpan().IndexOfAny('e', 'E');
        long exponent = 0;
        if (e >= 0 && !long.TryParse(number.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out exponent))
        {
            return false;
        }

        string mantissa = (e < 0 ? number : number[..e]).TrimStart('-');
        int dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        string digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        long point = (dot < 0 ? mantissa.Length : dot) + exponent;
        return digits.AsSpan((int)Math.Clamp(point, 0, digits.Length)).IndexOfAnyExcept('0') < 0;
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
