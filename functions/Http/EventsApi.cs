using JourneyFunctions.Handlers.Events;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.Http;

/// <summary>HTTP trigger for the event router's counts.</summary>
public sealed class EventsApi(EventStatusHandler status)
{
    [Function("GetEventRoutingStatus")]
    public Task<IActionResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = EventStatusHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(() => status.Handle());
}
