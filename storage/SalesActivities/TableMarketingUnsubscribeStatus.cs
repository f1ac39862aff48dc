using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>Reads the <c>Unsubscribed</c> field of the person in the local marketing people store; a person not there is unknown.</summary>
public sealed class TableMarketingUnsubscribeStatus(PeopleStore people) : IMarketingUnsubscribeStatus
{
    public async Task<MarketingSubscription> GetAsync(string marketoId, CancellationToken cancellationToken)
    {
        TableEntity? person = await people.FindAsync(marketoId, cancellationToken);
        return person is null
            ? MarketingSubscription.Unknown("the person is not in the marketing people store")
            : MarketingSubscription.Known(PeopleStore.IsUnsubscribed(person));
    }
}
