using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>POST /api/journeys/validate: checks a definition without saving it (200 when valid, 400 with every problem).</summary>
public sealed class ValidateJourneyHandler(TimeProvider clock)
{
    public const string Route = "journeys/validate";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (JourneyDefinition? draft, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(request, cancellationToken);
        if (error is not null)
        {
            return error;
        }

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(draft!, clock.GetUtcNow());
        return problems.Count > 0 ? ApiResults.Invalid(problems) : ApiResults.Json(new { valid = true, problems });
    }
}
