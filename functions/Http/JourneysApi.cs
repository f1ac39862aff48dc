using JourneyFunctions.Handlers.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Http;

/// <summary>HTTP triggers for journey definitions.</summary>
public sealed class JourneysApi(CreateJourneyHandler create, GetJourneyHandler get, PublishJourneyHandler publish)
{
    [Function("CreateJourney")]
    public Task<IActionResult> CreateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = CreateJourneyHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(create.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("GetJourney")]
    public Task<IActionResult> GetAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = GetJourneyHandler.Route)] HttpRequest request, string journeyId) =>
        ResultActionResult.From(get.HandleAsync(journeyId, request.HttpContext.RequestAborted));

    [Function("PublishJourney")]
    public Task<IActionResult> PublishAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = PublishJourneyHandler.Route)] HttpRequest request, string journeyId) =>
        ResultActionResult.From(publish.HandleAsync(journeyId, request.HttpContext.RequestAborted));
}
