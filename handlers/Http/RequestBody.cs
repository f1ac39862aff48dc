using System.Text.Json;
using JourneyFunctions.Domain.Json;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>Reads a JSON request body, turning malformed JSON into a 400 that says where.</summary>
public static class RequestBody
{
    public static async Task<(T? Value, IResult? Error)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            T? value = await JsonSerializer.DeserializeAsync<T>(request.Body, JsonDefaults.Options, cancellationToken);
            return value is null
                ? (null, ApiResults.Error(StatusCodes.Status400BadRequest, "The request body is empty; a JSON object is expected."))
                : (value, null);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            string path = string.IsNullOrEmpty(e.Path) ? "" : $" (path {e.Path})";
            return (null, ApiResults.Error(StatusCodes.Status400BadRequest, $"Malformed JSON{where}{path}: {FirstLine(e.Message)}"));
        }
    }

    private static string FirstLine(string message) => message.Split('\n')[0].Trim();
}
