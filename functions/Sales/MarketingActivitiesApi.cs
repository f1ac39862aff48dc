using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Sales;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Sales;

/// <summary>HTTP trigger of the Smart Grid read: a sales person's recent marketing activity.</summary>
public sealed class MarketingActivitiesApi(ListMarketingActivitiesHandler list)
{
    [Function("ListMarketingActivities")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListMarketingActivitiesHandler.Route)] HttpRequest request,
        string marketoId) =>
        ResultActionResult.From(list.HandleAsync(request, marketoId, request.HttpContext.RequestAborted));
}
