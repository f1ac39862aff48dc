using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Activities.Actions;

/// <summary>Applies an action to each account of a request concurrently and sums what was done.</summary>
internal static class ActionFanOut
{
    private const int Concurrency = 8;

    public static async Task<ActionResult> ForEachAccountAsync(ActionRequest request, Func<string, CancellationToken, Task<ActionResult>> apply, CancellationToken cancellationToken)
    {
        int accounts = 0, people = 0, skipped = 0;
        await Parallel.ForEachAsync(
            request.AccountIds,
            new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (accountId, ct) =>
            {
                ActionResult result = await apply(accountId, ct);
                Interlocked.Add(ref accounts, result.Accounts);
                Interlocked.Add(ref people, result.People);
                Interlocked.Add(ref skipped, result.Skipped);
            });
        return new ActionResult(accounts, people, skipped);
    }

    /// <summary>
    /// Runs a people action: loads the people of all the request's accounts at once, keeps those on the action's
    /// path (all of them outside a split by people), and applies <paramref name="apply"/> per account concurrently.
    /// </summary>
    public static async Task<ActionResult> ForPeopleOnPathAsync(
        PeopleStore store, ActionRequest request, Func<string, List<TableEntity>, CancellationToken, Task<ActionResult>> apply, CancellationToken cancellationToken)
    {
        Dictionary<string, List<TableEntity>> people = await PeopleOnPathAsync(store, request, cancellationToken);
        return await ForEachAccountAsync(request, (accountId, ct) => apply(accountId, people[accountId], ct), cancellationToken);
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
