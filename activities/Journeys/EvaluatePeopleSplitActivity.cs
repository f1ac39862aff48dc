using Azure.Data.Tables;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Routes every person of the accounts to the first path whose conditions they meet (first match wins).
/// Result: path id -> account id -> person ids. People who match no path are left out: they continue past the split.
/// </summary>
public sealed class EvaluatePeopleSplitActivity(PeopleStore people) : IActivity<PeopleSplitRequest, Dictionary<string, Dictionary<string, List<string>>>>
{
    public async Task<Dictionary<string, Dictionary<string, List<string>>>> RunAsync(PeopleSplitRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var routes = input.Paths.ToDictionary(p => p.Id, _ => new Dictionary<string, List<string>>(StringComparer.Ordinal), StringComparer.Ordinal);
        Dictionary<string, List<TableEntity>> byAccount = await people.GetPeopleOfAccountsAsync(input.AccountIds, cancellationToken);
        foreach (string accountId in input.AccountIds)
        {
            foreach (TableEntity person in byAccount[accountId])
            {
                Dictionary<string, string?> attributes = EntityAttributes.Of(person);
                string? path = input.Paths.FirstOrDefault(p => p.Conditions.All(c => c.IsMetBy(attributes)))?.Id;
                if (path is null)
                {
                    continue;
                }

                if (!routes[path].TryGetValue(accountId, out List<string>? onPath))
                {
                    routes[path][accountId] = onPath = [];
                }

                onPath.Add(person.RowKey);
            }
        }

        return routes;
    }
}
