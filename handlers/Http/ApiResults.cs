using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Http;

/// <summary>The API's response shapes, serialized the same way by both hosts.</summary>
public static class ApiResults
{
    public static IResult Json(object? body, int status = StatusCodes.Status200OK) => Results.Json(body, JsonDefaults.Options, statusCode: status);

    public static IResult Error(int status, string error) => Json(new { error }, status);

    public static IResult NotFound(string what) => Error(StatusCodes.Status404NotFound, $"{what} was not found.");

    public static IResult Invalid(IReadOnlyList<ValidationProblem> problems) =>
        Json(new { error = $"The journey has {problems.Count} problem(s).", problems }, StatusCodes.Status400BadRequest);
}
