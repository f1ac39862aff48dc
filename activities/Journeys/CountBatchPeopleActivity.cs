using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// How many people each account of a stored audience batch has, in the batch's order, so the batch orchestration can
/// count people at every node from the accounts there without reading people again (one key-range query per people table).
/// </summary>
public sealed class CountBatchPeopleActivity(AudienceStore audience, PeopleStore people) : IActivity<AudienceBatchRequest, int[]>
{
    public async Task<int[]> RunAsync(AudienceBatchRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        IReadOnlyList<string> accounts = await audience.GetBatchAsync(input.RunId, input.Batch, cancellationToken);
        IReadOnlyDictionary<string, int> counts = await people.CountPeopleOfAccountsAsync(accounts, cancellationToken);
        return [.. accounts.Select(a => counts.GetValueOrDefault(a))];
    }
}
