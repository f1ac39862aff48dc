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
    /// it, several at a time, so the storage calls grow with the distinct names, not the nodes.
    /// </summary>
    public async Task<List<ValidationProblem>> CheckAsync(JourneyDefinition journey, CancellationToken cancellationToken = default)
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
        await Parallel.ForEachAsync(uses.DistinctBy(u => u.Key), new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (use, ct) => found[use.Key] = await use.Reference.FindProblemAsync(services, ct));
        return [.. uses.Where(u => found[u.Key] is not null).Select(u => new ValidationProblem(u.NodeId, u.Reference.Setting, found[u.Key]!))];
    }
}
