using System.Text.Json.Serialization;

namespace JourneyFunctions.Salesforce;

/// <summary>One entry of an sObject Collections response: the record's id, or its errors.</summary>
internal sealed record CollectionRecordResult(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("errors")] IReadOnlyList<CollectionError>? Errors);
