using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Reads an RFC 3339 date-time, where the README allows leaving out the seconds or the offset: one without an offset
/// is UTC (System.Text.Json would take the host's local time zone), one with an offset or <c>Z</c> is read as written.
/// Anything else ISO 8601 would allow (a date alone, an hour-only offset, an empty fraction) is refused, so what the
/// server takes is what the schema's <c>date-time</c> takes. Writes as System.Text.Json does (always with the offset).
/// </summary>
public sealed partial class UtcUnlessOffsetConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        // RFC 3339 5.6 lets "T" and "Z" be written in lower case; .NET parses only the upper.
        if (reader.TokenType != JsonTokenType.String || reader.GetString()?.ToUpperInvariant() is not { } text || !DateTime().IsMatch(text)
            || !DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset value))
        {
            // The serializer adds the path; the message is the reason the API shows.
            throw new JsonException("must be a date-time such as 2026-12-01T09:00:00Z (RFC 3339; the seconds and the offset may be left out)");
        }

        return value;
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(value);
    }

    // Date, "T", hours and minutes; then optionally seconds with a fraction (past .NET's 7 digits, rounded); then
    // optionally "Z" or a signed hours:minutes offset.
    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex DateTime();
}
