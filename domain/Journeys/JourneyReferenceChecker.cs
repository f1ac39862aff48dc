using JourneyFunctions.Domain.Actions;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// The validation rules that need the stores: every journey, list, Marketo object, destination and audience a
/// journey's settings name must exist and be usable (a journey or list must be live). Each action says what its
/// settings name (<see cref="ActionDefinition.ReferencesOf"/>); the checks run against the host's
/// <paramref name="services"/>. Run after <see cref="JourneyValidator"/> on save and on publish.
/// </summary>
public sealed class JourneyReferenceChecker(IServiceProvider services)
{
    public async Task<List<ValidationProblem>> CheckAsync(JourneyDefinition journey, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var problems = new List<ValidationProblem>();
        foreach (JourneyNode node in journey.Nodes)
        {
            IEnumerable<ActionReference> references =
                node.Type == JourneyNodeType.Start && node.Audience?.AccountList is { Length: > 0 } listId
                    ? [ActionReference.StaticAccountList("audience.accountList", listId, mustBeLive: false)]
                : node.Type == JourneyNodeType.Action && ActionCatalog.Find(node.Action) is { } action
                    ? action.ReferencesOf(new ActionSettings(node.Settings))
                : [];
            foreach (ActionReference reference in references)
            {
                if (await reference.FindProblemAsync(services, cancellationToken) is { } problem)
                {
                    problems.Add(new(node.Id, reference.Setting, problem));
                }
            }
        }

        return problems;
    }
}
