using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>
/// Validates journey definitions on save and on publish: the definition's own rules and what its settings refer to,
/// all problems at once.
/// </summary>
public sealed class ValidDraft(JourneyReferenceChecker references, TimeProvider clock)
{
    /// <summary>Reads a definition from a request and validates it: the draft as stored (<see cref="JourneyDefinition.Canonical"/>), or the 400 that says what is wrong.</summary>
    /// <param name="request">The request whose body is the definition.</param>
    /// <param name="journeyId">The journey's own id, when it has one (an edit): its nodes may not name it.</param>
    /// <param name="cancellationToken">Cancels the read and the checks.</param>
    public async Task<(JourneyDefinition? Draft, IResult? Error)> ReadAsync(HttpRequest request, string? journeyId, CancellationToken cancellationToken)
    {
        (JourneyDefinition? draft, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(request, cancellationToken);
        if (error is not null)
        {
            return (null, error);
        }

        IResult? invalid = await CheckAsync(draft!, journeyId, cancellationToken);
        return invalid is null ? (draft!.Canonical(), null) : (null, invalid);
    }

    /// <summary>Null when the definition (of <paramref name="journeyId"/>, once it has an id) is valid now, else the 400 listing every problem.</summary>
    public async Task<IResult?> CheckAsync(JourneyDefinition draft, string? journeyId, CancellationToken cancellationToken)
    {
        List<ValidationProblem> problems = [.. JourneyValidator.Validate(draft, clock.GetUtcNow())];
        // A definition too broken to walk (no single start, say) still gets its references checked node by node: those
        // of the nodes without problems of their own, and none when the definition is beyond its bounds.
        if (JourneyValidator.IsWithinBounds(draft))
        {
            var failed = problems.Select(p => p.Node).OfType<string>().ToHashSet(StringComparer.Ordinal);
            problems.AddRange(await references.CheckAsync(draft with { Nodes = [.. draft.Nodes.Where(n => n?.Id is not null && !failed.Contains(n.Id))] }, journeyId, cancellationToken));
        }
        return problems.Count > 0 ? ApiResults.Invalid(problems) : null;
    }
}
