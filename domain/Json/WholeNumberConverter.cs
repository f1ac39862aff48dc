using System.Globalization;
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
                : reader.TryGetDecimal(out decimal value) && value == decimal.Truncate(value) && value is >= int.MinValue and <= int.MaxValue ? (int)value
                : throw new JsonException(NotWhole); // the serializer adds the path
        }

        return reader.TokenType == JsonTokenType.String && options.NumberHandling.HasFlag(JsonNumberHandling.AllowReadingFromString)
            && int.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out int text)
            ? text
            : throw new JsonException(NotWhole);
    }

    public override void Write(Utf8JsonWriter writer, int value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteNumberValue(value);
    }
}
