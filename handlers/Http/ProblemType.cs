using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>The <c>type</c> and <c>title</c> of a problem details body: one per kind of error, listed in the README.</summary>
public sealed record ProblemType(string Name, string Title)
{
    public string Uri => "urn:journeyfunctions:problem:" + Name;

    public static ProblemType InvalidJourney { get; } = new("invalid-journey", "The journey definition is not valid");

    public static ProblemType InvalidRequest { get; } = new("invalid-request", "The request is not valid");

    public static ProblemType MalformedJson { get; } = new("malformed-json", "The request body is not the JSON expected");

    public static ProblemType ForStatus(int status) => status switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status404NotFound => new("not-found", "Not found"),
        StatusCodes.Status405MethodNotAllowed => new("method-not-allowed", "Method not allowed"),
        StatusCodes.Status409Conflict => new("conflict", "Conflict with the current state"),
        StatusCodes.Status413PayloadTooLarge => new("too-large", "The request body is too large"),
        StatusCodes.Status415UnsupportedMediaType => new("unsupported-media-type", "Unsupported media type"),
        StatusCodes.Status503ServiceUnavailable => new("unavailable", "A system this request needs is unavailable"),
        >= 500 => new("internal", "Internal error"),
        _ => new("http-" + status, "Request failed"),
    };
}
