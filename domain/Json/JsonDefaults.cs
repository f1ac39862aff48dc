using System.Text.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Json;

/// <summary>The one JSON shape used on the wire, in tables and in orchestration payloads.</summary>
public static class JsonDefaults
{
    /// <summary>camelCase, enums as strings, nulls omitted, date-times without an offset read as UTC, whole numbers also as <c>2.0</c>.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
            // Twice a request's bound (RequestBody.MaxDepth): stored rows, answers and orchestration payloads wrap a
            // journey a level or two deeper than it was sent.
            MaxDepth = 128,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.Converters.Add(new UtcUnlessOffsetConverter());
        options.Converters.Add(new WholeNumberConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
