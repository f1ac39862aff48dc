using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>
/// Applies a people action's writes per account, concurrently (each account is its own partition), then journals
/// every person in bulk, 100 rows to a transaction instead of one small transaction per account.
/// </summary>
internal static class ActionFanOut
{
    private const int Concurrency = 16;

    /// <summary>
    /// Runs a people action: loads the people of all the request's accounts at once, keeps those on the action's path
    /// (all of them outside a split by people), applies <paramref name="apply"/> to each account's people, and
    /// journals every person.
    /// </summary>
    public static async Task<ActionResult> ForPeopleOnPathAsync(
        PeopleStore store, EffectStore effects, ActionRequest request, string detail,
        Func<string, IReadOnlyCollection<string>, CancellationToken, Task> apply, CancellationToken cancellationToken)
    {
        Dictionary<string, List<TableEntity>> people = await PeopleOnPathAsync(store, request, cancellationToken);
        await Parallel.ForEachAsync(
            people.Where(p => p.Value.Count > 0),
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (account, ct) => await apply(account.Key, account.Value.Select(p => p.RowKey).ToList(), ct));
        List<string> everyone = people.Values.SelectMany(p => p).Select(p => p.RowKey).ToList();
        await ActionEffects.RecordAsync(effects, request, everyone, detail, cancellationToken);
        return new ActionResult(request.AccountIds.Count, everyone.Count, 0);
    }

    /// <summary>The people on the action's path, all accounts together.</summary>
    public static async Task<List<TableEntity>> AllPeopleOnPathAsync(PeopleStore store, ActionRequest request, CancellationToken cancellationToken) =>
        (await PeopleOnPathAsync(store, request, cancellationToken)).Values.SelectMany(p => p).ToList();

    /// <summary>The people on the action's path, per account, read with one query for all the request's accounts.</summary>
    public static async Task<Dictionary<string, List<TableEntity>>> PeopleOnPathAsync(PeopleStore store, ActionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(request);
        Dictionary<string, List<TableEntity>> people = await store.GetPeopleOfAccountsAsync(request.AccountIds, cancellationToken);
        return people.ToDictionary(p => p.Key, p => OnPath(request, p.Key, p.Value), StringComparer.Ordinal);
    }

    private static List<TableEntity> OnPath(ActionRequest request, string accountId, List<TableEntity> people)
    {
        if (request.People is null)
        {
            return people;
        }

        HashSet<string> onPath = request.People.TryGetValue(accountId, out IReadOnlyList<string>? ids) ? ids.ToHashSet(StringComparer.Ordinal) : [];
        return people.Where(p => onPath.Contains(p.RowKey)).ToList();
    }
}
