using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Reads a date-time that gives no offset as UTC (the README: "dates may leave out seconds or the offset (UTC)"), where
/// System.Text.Json would take the host's local time zone; one with an offset or <c>Z</c> is read as written. Writes
/// as System.Text.Json does (always with the offset).
/// </summary>
public sealed class UtcUnlessOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out DateTimeOffset value))
        {
            throw new JsonException(); // the serializer adds the path and the standard message
        }

        // Without an offset the text reads as a DateTime of no kind (never converted, so never out of range).
        return reader.TryGetDateTime(out DateTime clock) && clock.Kind == DateTimeKind.Unspecified ? new DateTimeOffset(clock, TimeSpan.Zero) : value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }
}
