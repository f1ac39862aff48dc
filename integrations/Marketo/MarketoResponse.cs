using System.Text.Json;

namespace JourneyFunctions.Marketo;

/// <summary>The envelope of every Marketo REST response: <c>success</c>, <c>errors</c>, <c>result</c> and the paging fields.</summary>
public sealed record MarketoResponse
{
    public string? RequestId { get; init; }

    public bool Success { get; init; }

    public IReadOnlyList<MarketoError>? Errors { get; init; }

    public JsonElement Result { get; init; }

    public string? NextPageToken { get; init; }

    public bool MoreResult { get; init; }

    /// <summary>The result array as <typeparamref name="T"/> items (empty when absent).</summary>
    public IReadOnlyList<T> ResultAs<T>() =>
        Result.ValueKind == JsonValueKind.Array ? Result.Deserialize<List<T>>(MarketoJson.Options) ?? [] : [];
}
