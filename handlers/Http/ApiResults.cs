using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>
/// The API's response shapes, serialized the same way by both hosts. Every error is an RFC 9457 problem details
/// body (<c>application/problem+json</c>): <c>type</c>, <c>title</c>, <c>status</c>, <c>detail</c>, and where a
/// request has several things wrong, <c>errors</c>: <c>[{ node, field, reason }]</c>.
/// </summary>
public static class ApiResults
{
    public const string ProblemContentType = "application/problem+json";

    /// <summary>The most <c>errors</c> items a problem lists; <c>errorsOmitted</c> counts the rest.</summary>
    public const int MaxErrors = 100;

    // Answers escape only what JSON must (quotes, backslash, control characters): the default encoder also escapes
    // + < > & ' and every character past ASCII, so a time's +00:00 read \u002B00:00 and a Korean name \uD55C...,
    // an HTML safety an application/json answer does not need. Stored JSON keeps the default (its sizes are bounds).
    private static readonly JsonSerializerOptions AnswerOptions = new(JsonDefaults.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static IResult Json(object? body, int status = StatusCodes.Status200OK) => Results.Json(body, AnswerOptions, statusCode: status);

    /// <summary>A 201 or 202 <paramref name="body"/> whose <c>Location</c> is <paramref name="location"/>: the created journey, or where a started run or sync is watched.</summary>
    public static IResult JsonAt(HttpRequest request, string location, object body, int status)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.HttpContext.Response.Headers.Location = location;
        return Json(body, status);
    }

    /// <summary>
    /// 200 with <paramref name="body"/> (its nulls left out, as in every body) followed by <paramref name="written"/>:
    /// members the API documents as null while they have no value, written even then so a client finds them.
    /// </summary>
    public static IResult JsonWith(object body, params (string Name, object? Value)[] written)
    {
        JsonObject node = JsonSerializer.SerializeToNode(body, JsonDefaults.Options)!.AsObject();
        foreach ((string name, object? value) in written)
        {
            node[name] = JsonSerializer.SerializeToNode(value, JsonDefaults.Options);
        }

        return Json(node);
    }

    /// <summary>A problem details response. <paramref name="extensions"/> adds members such as <c>reason</c> or <c>statusUrl</c>.</summary>
    public static IResult Problem(
        int status, string detail, IReadOnlyList<ValidationProblem>? errors = null, ProblemType? type = null, IReadOnlyDictionary<string, object?>? extensions = null)
    {
        ProblemType kind = type ?? ProblemType.ForStatus(status);
        var body = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["type"] = kind.Uri,
            ["title"] = kind.Title,
            ["status"] = status,
            ["detail"] = detail,
        };
        if (errors is { Count: > 0 })
        {
            // A 1 MB request can hold tens of thousands of wrong members: the answer stays small, and says how many it left out.
            body["errors"] = errors.Count > MaxErrors ? errors.Take(MaxErrors).ToList() : errors;
            if (errors.Count > MaxErrors)
            {
                body["errorsOmitted"] = errors.Count - MaxErrors;
            }
        }

        foreach ((string name, object? value) in extensions ?? new Dictionary<string, object?>())
        {
            body[name] = value;
        }

        return Results.Json(body, AnswerOptions, ProblemContentType, status);
    }

    public static IResult NotFound(string what) => Problem(StatusCodes.Status404NotFound, $"{what} was not found.");

    public static IResult Conflict(string detail, IReadOnlyDictionary<string, object?>? extensions = null) =>
        Problem(StatusCodes.Status409Conflict, detail, extensions: extensions);

    /// <summary>503 <c>unavailable</c>: an outside system the request needs did not answer; <paramref name="reason"/> says which.</summary>
    public static IResult Unavailable(string detail, string reason) =>
        Problem(StatusCodes.Status503ServiceUnavailable, detail, extensions: new Dictionary<string, object?> { ["reason"] = reason });

    /// <summary>A 400 naming one field (a JSON path or query parameter) and what is wrong with it.</summary>
    public static IResult BadField(string field, string reason) =>
        Problem(StatusCodes.Status400BadRequest, $"'{field}' {reason}", [new(null, field, reason)], ProblemType.InvalidRequest);

    public static IResult Invalid(IReadOnlyList<ValidationProblem> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        return Problem(StatusCodes.Status400BadRequest, $"The journey has {problems.Count} problem(s).", problems, ProblemType.InvalidJourney);
    }
}
