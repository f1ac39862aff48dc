using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>Marks a batch's accounts as out of the journey when its run is done with them.</summary>
public sealed class ReleaseAccountsActivity(JourneyEntryStore entries) : IActivity<ReleaseAccountsRequest, int>
{
    public async Task<int> RunAsync(ReleaseAccountsRequest input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await entries.ReleaseAsync(input.JourneyId, input.RunId, input.AccountIds, cancellationToken);
        return input.AccountIds.Count;
    }
}
