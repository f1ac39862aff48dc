using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>GET /api/sales/people/{marketoId}/activities: the person's recorded sales activities, oldest first.</summary>
public sealed class ListSalesActivitiesHandler(SalesActivityStore activities)
{
    public const string Route = RecordSalesActivityHandler.Route;

    public async Task<IResult> HandleAsync(string marketoId, CancellationToken cancellationToken)
    {
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        List<SalesActivity> found = await activities.ListAsync(marketoId, cancellationToken);
        return ApiResults.Json(new { marketoId, unsubscribed = found.Any(a => a.Type == SalesActivityType.Unsubscribe), activities = found });
    }
}
