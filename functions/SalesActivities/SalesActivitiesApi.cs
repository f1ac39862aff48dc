using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.SalesActivities;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.SalesActivities;

/// <summary>HTTP triggers of the sales side's activities and unsubscribes.</summary>
public sealed class SalesActivitiesApi(RecordSalesActivityHandler record, ListSalesActivitiesHandler list, UnsubscribeHandler unsubscribe)
{
    [Function("RecordSalesActivity")]
    public Task<IActionResult> RecordAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RecordSalesActivityHandler.Route)] HttpRequest request,
        string marketoId) =>
        ResultActionResult.From(record.HandleAsync(request, marketoId, request.HttpContext.RequestAborted));

    [Function("ListSalesActivities")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSalesActivitiesHandler.Route)] HttpRequest request,
        string marketoId) =>
        ResultActionResult.From(list.HandleAsync(request, marketoId, request.HttpContext.RequestAborted));

    [Function("UnsubscribeSalesPerson")]
    public Task<IActionResult> UnsubscribeAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = UnsubscribeHandler.Route)] HttpRequest request,
        string marketoId) =>
        ResultActionResult.From(unsubscribe.HandleAsync(request, marketoId, request.HttpContext.RequestAborted));
}
