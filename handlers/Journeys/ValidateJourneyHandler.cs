using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/validate: checks a definition without saving it (200 when valid, 400 with every problem).</summary>
public sealed class ValidateJourneyHandler(ValidDraft validation)
{
    public const string Route = "journeys/validate";

    /// <summary>
    /// Another method on <c>journeys/validate</c> reaches <c>journeys/{journeyId}</c> (GET, PUT): no journey has that
    /// id (the engine names them <c>j-...</c>), so it gets the 405 of a path its method does not take, not a 404.
    /// </summary>
    public static IResult? AnotherMethod(HttpRequest request, string journeyId) =>
        string.Equals(journeyId, "validate", StringComparison.OrdinalIgnoreCase) ? UnmatchedRouteHandler.MethodNotAllowed(request, ["POST"]) : null;

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (_, IResult? error) = await validation.ReadAsync(request, journeyId: null, cancellationToken);
        return error ?? ApiResults.Json(new { valid = true, errors = Array.Empty<ValidationProblem>() });
    }
}
