using JourneyFunctions.Handlers.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Http;

/// <summary>HTTP triggers for journey definitions and their lifecycle.</summary>
public sealed class JourneysApi(
    CreateJourneyHandler create,
    GetJourneyHandler get,
    GetJourneyVersionHandler getVersion,
    UpdateJourneyHandler update,
    ListJourneysHandler list,
    ValidateJourneyHandler validate,
    PublishJourneyHandler publish,
    CloseJourneyHandler close,
    AbortJourneyHandler abort)
{
    [Function("CreateJourney")]
    public Task<IActionResult> CreateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = CreateJourneyHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(create.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("ListJourneys")]
    public Task<IActionResult> ListAsync([HttpTrigger(AuthorizationLevel.Function, "get", Route = ListJourneysHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(list.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("GetJourney")]
    public Task<IActionResult> GetAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetJourneyHandler.Route)] HttpRequest request,
        string journeyId) =>
        ResultActionResult.From(get.HandleAsync(request, journeyId, request.HttpContext.RequestAborted));

    [Function("GetJourneyVersion")]
    public Task<IActionResult> GetVersionAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetJourneyVersionHandler.Route)] HttpRequest request,
        string journeyId,
        string version) =>
        ResultActionResult.From(getVersion.HandleAsync(journeyId, version, request.HttpContext.RequestAborted));

    [Function("UpdateJourney")]
    public Task<IActionResult> UpdateAsync([HttpTrigger(AuthorizationLevel.Function, "put", Route = UpdateJourneyHandler.Route)] HttpRequest request, string journeyId) =>
        ResultActionResult.From(update.HandleAsync(request, journeyId, request.HttpContext.RequestAborted));

    [Function("ValidateJourney")]
    public Task<IActionResult> ValidateAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = ValidateJourneyHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(validate.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("PublishJourney")]
    public Task<IActionResult> PublishAsync([HttpTrigger(AuthorizationLevel.Function, "post", Route = PublishJourneyHandler.Route)] HttpRequest request, string journeyId) =>
        ResultActionResult.From(publish.HandleAsync(journeyId, request.HttpContext.RequestAborted));

    [Function("CloseJourney")]
    public Task<IActionResult> CloseAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = CloseJourneyHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string journeyId) =>
        ResultActionResult.WithDeadline(request, ct => close.HandleAsync(client, journeyId, ct));

    [Function("AbortJourney")]
    public Task<IActionResult> AbortAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = AbortJourneyHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string journeyId) =>
        ResultActionResult.WithDeadline(request, ct => abort.HandleAsync(client, journeyId, ct));
}
