using System.Text.Json;

namespace JourneyFunctions.Marketo;

/// <summary>Marketo's JSON: camelCase names, nulls left out of requests.</summary>
public static class MarketoJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };
}
