using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Sales;

/// <summary>HTTP triggers of the read-only sales people API.</summary>
public sealed class SalesPeopleApi(GetSalesPersonHandler get, ListSalesPeopleHandler list)
{
    [Function("GetSalesPerson")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetSalesPersonHandler.Route)] HttpRequest request, string marketoId) =>
        ResultActionResult.From(get.HandleAsync(marketoId, request.HttpContext.RequestAborted));

    [Function("ListSalesPeople")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSalesPeopleHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(list.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("RejectSalesPeopleWrite")]
    [RefusesMethods]
    public static Task<IActionResult> RejectListWriteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = ListSalesPeopleHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(() => RejectSalesPeopleWriteHandler.Handle(request));

    [Function("RejectSalesPersonWrite")]
    [RefusesMethods]
    public static Task<IActionResult> RejectPersonWriteAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", "put", "patch", "delete", Route = GetSalesPersonHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(() => RejectSalesPeopleWriteHandler.Handle(request));
}
