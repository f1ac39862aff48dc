using System.Text.Json.Serialization;

namespace JourneyFunctions.Salesforce;

/// <summary>A Salesforce error of one record (or of a whole call): its code, message and the fields involved.</summary>
internal sealed record CollectionError(
    [property: JsonPropertyName("statusCode")] string? StatusCode,
    [property: JsonPropertyName("message")] string? Message,
    [property: JsonPropertyName("fields")] IReadOnlyList<string>? Fields)
{
    public override string ToString() => $"{StatusCode}: {Message}";
}
