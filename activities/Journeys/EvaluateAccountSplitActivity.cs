using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Reads the accounts' attributes (one key-range query per bucket of the accounts table, side by side) and routes each
/// to the first path it matches (first match wins);
/// unmatched accounts are returned under <see cref="Unmatched"/> for the orchestration to route or drop.
/// </summary>
public sealed class EvaluateAccountSplitActivity(AccountStore accounts) : IActivity<AccountSplitRequest, Dictionary<string, List<string>>>
{
    public const string Unmatched = SplitPaths.Other;

    public async Task<Dictionary<string, List<string>>> RunAsync(AccountSplitRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var routes = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        Dictionary<string, IReadOnlyDictionary<string, string?>> known = await accounts.GetAttributesOfAsync(input.AccountIds, cancellationToken);
        foreach (string accountId in input.AccountIds)
        {
            IReadOnlyDictionary<string, string?> attributes = known.GetValueOrDefault(accountId) ?? new Dictionary<string, string?>();
            string path = input.Paths.FirstOrDefault(p => p.Conditions.All(c => c.IsMetBy(attributes)))?.Id ?? Unmatched;
            if (!routes.TryGetValue(path, out List<string>? list))
            {
                routes[path] = list = [];
            }

            list.Add(accountId);
        }

        return routes;
    }
}
