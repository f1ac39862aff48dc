using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Json;

/// <summary>The one JSON shape used on the wire, in tables and in orchestration payloads.</summary>
public static class JsonDefaults
{
    /// <summary>camelCase, enums as strings, nulls omitted, date-times without an offset read as UTC, whole numbers also as <c>2.0</c>.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    /// <summary>
    /// Gives <paramref name="options"/> that shape (for options made elsewhere: the Functions worker reads an
    /// orchestration's input with its container's <see cref="JsonSerializerOptions"/>, not the data converter's).
    /// </summary>
    public static void ApplyTo(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        // JsonSerializerDefaults.Web's three.
        options.PropertyNameCaseInsensitive = true;
        options.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        options.NumberHandling = JsonNumberHandling.AllowReadingFromString;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
        // Twice a request's bound (RequestBody.MaxDepth): stored rows, answers and orchestration payloads wrap a
        // journey a level or two deeper than it was sent.
        options.MaxDepth = 128;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new UtcUnlessOffsetConverter());
        options.Converters.Add(new WholeNumberConverter());
    }

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        ApplyTo(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
