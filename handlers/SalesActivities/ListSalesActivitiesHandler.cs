using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// GET /api/sales/people/{marketoId}/activities: a page of the person's recorded sales activities (<see cref="Paging"/>;
/// each page oldest first) and whether they unsubscribed on the sales side. A 404 for a person of whom nothing is known:
/// not in the sales copy, with no activity and no unsubscribe recorded (a person who left the sales copy keeps their history).
/// </summary>
public sealed class ListSalesActivitiesHandler(SalesActivityStore activities, SalesPeopleStore salesPeople)
{
    public const string Route = RecordSalesActivityHandler.Route;

    public async Task<IResult> HandleAsync(HttpRequest request, string marketoId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (SalesActivityRequests.CheckMarketoId(marketoId) is { } badId)
        {
            return badId;
        }

        string route = Route.Replace("{marketoId}", Uri.EscapeDataString(marketoId), StringComparison.Ordinal);
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route);
        if (error is not null)
        {
            return error;
        }

        (List<SalesActivity> page, string? next) = await activities.ListAsync(marketoId, continuation, pageSize, cancellationToken);
        bool unsubscribed = await activities.IsUnsubscribedAsync(marketoId, cancellationToken);
        if (continuation is null && page.Count == 0 && !unsubscribed && await salesPeople.GetAsync(marketoId, cancellationToken) is null)
        {
            return ApiResults.NotFound($"Sales person '{marketoId}'");
        }

        return Paging.Json(request, route, new { marketoId, unsubscribed, activities = page }, pageSize, next);
    }
}
