using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// GET /api/sales/people/{marketoId}/activities: a page of the person's recorded sales activities (<see cref="Paging"/>;
/// each page oldest first) and whether they unsubscribed on the sales side.
/// </summary>
public sealed class ListSalesActivitiesHandler(SalesActivityStore activities)
{
    public const string Route = RecordSalesActivityHandler.Route;

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        (int pageSize, string? continuation, IResult? error) = Paging.Read(request);
        if (error is not null)
        {
            return error;
        }

        (List<SalesActivity> page, string? next) = await activities.ListAsync(marketoId, continuation, pageSize, cancellationToken);
        bool unsubscribed = await activities.IsUnsubscribedAsync(marketoId, cancellationToken);
        string route = Route.Replace("{marketoId}", Uri.EscapeDataString(marketoId), StringComparison.Ordinal);
        return Paging.Json(request, route, new { marketoId, unsubscribed, activities = page }, pageSize, next);
    }
}
