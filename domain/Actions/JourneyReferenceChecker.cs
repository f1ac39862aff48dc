using System.Collections.Concurrent;
using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// The validation rules that need the stores: every journey, list, Marketo object, destination and audience a
/// journey's settings name must exist and be usable (a journey or list must be live). Each action says what its
/// settings name (<see cref="ActionDefinition.ReferencesOf"/>); the checks run against the host's
/// <paramref name="services"/>. Run after <see cref="JourneyValidator"/> on save and on publish.
/// </summary>
public sealed class JourneyReferenceChecker(IServiceProvider services)
{
    /// <summary>How many distinct references are looked up at once.</summary>
    private const int Parallelism = 8;

    /// <summary>
    /// Every problem with what the journey names. Each distinct reference is looked up once however many nodes name
    /// it, several at a time, so the storage calls grow with the distinct names, not the nodes. With
    /// <paramref name="journeyId"/> (the journey's own id, once it has one) a node naming that journey is a problem:
    /// a journey adding its accounts to itself would start a run after run for as long as re-entry lets them in.
    /// </summary>
    public async Task<List<ValidationProblem>> CheckAsync(JourneyDefinition journey, string? journeyId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(journey);
        var uses = new List<(string NodeId, ActionReference Reference, string Key)>();
        foreach (JourneyNode? node in journey.Nodes ?? [])
        {
            IEnumerable<ActionReference> references =
                node?.Type == JourneyNodeType.Start && node.Audience?.AccountList is { Length: > 0 } listId
                    ? [ActionReference.StaticAccountList("audience.accountList", listId, mustBeLive: false)]
                : node?.Type == JourneyNodeType.Action && ActionCatalog.Find(node.Action) is { } action
                    ? action.ReferencesOf(new ActionSettings(node.Settings))
                : [];
            uses.AddRange(references.Select(r => (node!.Id, r, r.Key ?? $"{node.Id}\u001f{r.Setting}")));
        }

        var found = new ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        foreach ((_, _, string key) in uses.Where(u => journeyId is not null && u.Reference.JourneyId == journeyId))
        {
            found[key] = "names this journey itself; it must name another journey";
        }

        await Parallel.ForEachAsync(uses.DistinctBy(u => u.Key).Where(u => !found.ContainsKey(u.Key)), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (use, ct) => found[use.Key] = await use.Reference.FindProblemAsync(services, ct));
        return [.. uses.Where(u => found[u.Key] is not null).Select(u => new ValidationProblem(u.NodeId, u.Reference.Setting, found[u.Key]!))];
    }
}
