using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// The validation rules that need the stores: every journey, list, Marketo connection, workspace object, destination
/// and audience a journey's settings name must exist and be usable (a journey or list must be live). Run after
/// <see cref="JourneyValidator"/> on save and on publish.
/// </summary>
public sealed class JourneyReferenceChecker(
    JourneyStore journeys, AccountListStore lists, MarketoEngageStore marketo, DestinationStore destinations, ExternalAudienceStore audiences)
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
        var problems = new List<ValidationProblem>();
        var uses = new List<(string NodeId, string Setting, ActionReference Reference)>();
        foreach (JourneyNode? node in journey.Nodes ?? [])
        {
            if (node?.Type == JourneyNodeType.Start && node.Audience?.AccountList is { Length: > 0 } listId
                && await ListProblemAsync(listId, cancellationToken) is { } listProblem)
            {
                problems.Add(new(node.Id, "audience.accountList", listProblem));
            }

            if (node?.Type == JourneyNodeType.Action && ActionCatalog.Find(node.Action) is { } action)
            {
                uses.AddRange(action.ReferencesOf(new ActionSettings(node.Settings)).Select(r => (node.Id, r.Setting, r)));
            }
        }

        var distinct = uses.Select(u => u.Reference).DistinctBy(Key).ToList();
        var found = new System.Collections.Concurrent.ConcurrentDictionary<string, string?>(StringComparer.Ordinal);
        await Parallel.ForEachAsync(distinct, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken },
            async (reference, ct) => found[Key(reference)] = await ProblemAsync(reference, ct));
        problems.AddRange(uses.Where(u => found[Key(u.Reference)] is not null).Select(u => new ValidationProblem(u.NodeId, u.Setting, found[Key(u.Reference)]!)));
        return problems;
    }

    private static string Key(ActionReference reference) => $"{reference.Kind}|{string.Join('|', reference.Names)}";

    private async Task<string?> ProblemAsync(ActionReference reference, CancellationToken cancellationToken)
    {
        string[] names = reference.Names;
        return reference.Kind switch
        {
            ReferenceKind.LiveJourney => await JourneyProblemAsync(names[0], cancellationToken),
            ReferenceKind.LiveStaticAccountList => await ListProblemAsync(names[0], cancellationToken, mustBeLive: true),
            ReferenceKind.MarketoConnection => await marketo.ConnectionExistsAsync(names[0], cancellationToken)
                ? null : $"Marketo connection '{names[0]}' is not configured",
            ReferenceKind.MarketoList => await marketo.ListExistsAsync(names[0], names[1], cancellationToken)
                ? null : $"Marketo connection '{names[0]}' has no static list '{names[1]}'",
            ReferenceKind.RequestCampaign => await marketo.CampaignExistsAsync(names[0], names[1], cancellationToken)
                ? null : $"workspace '{names[0]}' has no request campaign '{names[1]}'",
            ReferenceKind.WorkspaceEmail => await marketo.GetEmailAsync(names[0], names[1], cancellationToken) is not null
                ? null : $"workspace '{names[0]}' has no email '{names[1]}'",
            ReferenceKind.Destination => await destinations.ExistsAsync(names[0], cancellationToken)
                ? null : $"destination '{names[0]}' is not configured",
            ReferenceKind.ExternalAudience => await audiences.ExistsAsync(names[0], cancellationToken)
                ? null : $"there is no external audience '{names[0]}' (to create one, use newAudienceName)",
            _ => throw new ArgumentOutOfRangeException(nameof(reference), reference.Kind, "unknown reference kind"),
        };
    }

    private async Task<string?> JourneyProblemAsync(string journeyId, CancellationToken cancellationToken)
    {
        JourneyInfo? target = TableKey.IsValid(journeyId) ? await journeys.GetAsync(journeyId, cancellationToken) : null;
        return target is null ? $"there is no journey '{journeyId}'"
            : target.Status != JourneyStatus.Live ? $"journey '{journeyId}' is {target.Status.ToString().ToLowerInvariant()}; it must be live"
            : null;
    }

    private async Task<string?> ListProblemAsync(string listId, CancellationToken cancellationToken, bool mustBeLive = false)
    {
        AccountList? list = TableKey.IsValid(listId) ? await lists.GetAsync(listId, cancellationToken) : null;
        return list is null ? $"there is no account list '{listId}'"
            : !list.IsStatic ? $"account list '{listId}' is a smart list; it must be a static list"
            : mustBeLive && !list.IsLive ? $"account list '{listId}' is not live"
            : null;
    }
}
