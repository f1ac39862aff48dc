using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Sync;

/// <summary>HTTP triggers for the sales sync.</summary>
public sealed class SyncApi(StartInitialSyncHandler start, GetSyncStatusHandler status)
{
    [Function("StartInitialSync")]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = StartInitialSyncHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.From(start.HandleAsync(request, client, request.HttpContext.RequestAborted));

    [Function("GetSyncStatus")]
    public Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetSyncStatusHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.From(status.HandleAsync(client, request.HttpContext.RequestAborted));
}
