using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Sync;

/// <summary>HTTP triggers for the sales sync.</summary>
public sealed class SyncApi(StartInitialSyncHandler start, GetSyncStatusHandler status, SyncSettingsHandler settings, ListSyncSettingsHistoryHandler settingsHistory,
    ListSyncRunsHandler runs, ListSyncRejectionsHandler rejections)
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

    [Function("GetSyncSettings")]
    public Task<IActionResult> GetSettingsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = SyncSettingsHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(settings.GetAsync(request, request.HttpContext.RequestAborted));

    [Function("PutSyncSettings")]
    public Task<IActionResult> PutSettingsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = SyncSettingsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.From(settings.PutAsync(request, client, request.HttpContext.RequestAborted));

    [Function("ListSyncSettingsHistory")]
    public Task<IActionResult> SettingsHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncSettingsHistoryHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(settingsHistory.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("ListSyncRuns")]
    public Task<IActionResult> RunsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncRunsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.From(runs.HandleAsync(request, client, request.HttpContext.RequestAborted));

    [Function("ListSyncRejections")]
    public Task<IActionResult> RejectionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncRejectionsHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(rejections.HandleAsync(request, request.HttpContext.RequestAborted));
}
