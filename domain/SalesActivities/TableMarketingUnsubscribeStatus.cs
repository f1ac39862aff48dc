using Azure.Data.Tables;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>Reads the <c>Unsubscribed</c> field of the person in the local marketing people store.</summary>
public sealed class TableMarketingUnsubscribeStatus(PeopleStore people) : IMarketingUnsubscribeStatus
{
    public async Task<bool> IsUnsubscribedAsync(string marketoId, CancellationToken cancellationToken)
    {
        TableEntity? person = await people.FindAsync(marketoId, cancellationToken);
        return person?.GetBoolean(PersonFields.Unsubscribed) ?? false;
    }
}
