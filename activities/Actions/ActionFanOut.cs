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

    /// <summary>The people of an account that are on the action's path (all of them outside a split by people).</summary>
    public static async Task<List<TableEntity>> PeopleOnPathAsync(PeopleStore store, ActionRequest request, string accountId, CancellationToken cancellationToken)
    {
        List<TableEntity> people = await store.GetAccountPeopleAsync(accountId, cancellationToken);
        if (request.People is null)
        {
            return people;
        }

        var onPath = request.People.TryGetValue(accountId, out IReadOnlyList<string>? ids) ? ids.ToHashSet(StringComparer.Ordinal) : [];
        return people.Where(p => onPath.Contains(p.RowKey)).ToList();
    }
}
