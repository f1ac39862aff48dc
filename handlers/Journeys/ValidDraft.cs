using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>Reads a journey definition from a request and validates it: the draft, or the 400 that says what is wrong.</summary>
public static class ValidDraft
{
    public static async Task<(JourneyDefinition? Draft, IResult? Error)> ReadAsync(HttpRequest request, TimeProvider clock, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clock);
        (JourneyDefinition? draft, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(draft!, clock.GetUtcNow());
        return problems.Count > 0 ? (null, ApiResults.Invalid(problems)) : (draft, null);
    }
}
