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

    /// <summary>
    /// The result array as <typeparamref name="T"/> items (empty when absent, as Marketo leaves it out when nothing
    /// matched). Anything else is an answer nothing can be read from, not an empty one: read as empty, a full sync's
    /// sweep would remove every sales copy.
    /// </summary>
    /// <exception cref="MarketoApiException">The result is not a list of objects.</exception>
    public IReadOnlyList<T> ResultAs<T>()
    {
        if (Result.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null)
        {
            return [];
        }

        try
        {
            return Result.ValueKind == JsonValueKind.Array && Result.Deserialize<List<T>>(MarketoJson.Options) is { } items && items.TrueForAll(item => item is not null)
                ? items
                : throw new MarketoApiException($"Marketo answered a result that is not a list of records{Request}.");
        }
        catch (JsonException e)
        {
            throw new MarketoApiException($"Marketo answered a result that cannot be read{Request}: {e.Message}", e);
        }
    }

    /// <summary>" (request id)" for an error text, or nothing when Marketo gave no request id.</summary>
    private string Request => string.IsNullOrEmpty(RequestId) ? "" : $" (request {RequestId})";
}
