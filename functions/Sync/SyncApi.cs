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
        ResultActionResult.WithDeadline(request, ct => start.HandleAsync(request, client, ct));

    [Function("GetSyncStatus")]
    public Task<IActionResult> StatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetSyncStatusHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.WithDeadline(request, ct => status.HandleAsync(client, ct));

    [Function("GetSyncSettings")]
    public Task<IActionResult> GetSettingsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = SyncSettingsHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(settings.GetAsync(request, request.HttpContext.RequestAborted));

    [Function("PutSyncSettings")]
    public Task<IActionResult> PutSettingsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "put", Route = SyncSettingsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.WithDeadline(request, ct => settings.PutAsync(request, client, ct));

    [Function("ListSyncSettingsHistory")]
    public Task<IActionResult> SettingsHistoryAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncSettingsHistoryHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(settingsHistory.HandleAsync(request, request.HttpContext.RequestAborted));

    [Function("ListSyncRuns")]
    public Task<IActionResult> RunsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncRunsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client) =>
        ResultActionResult.WithDeadline(request, ct => runs.HandleAsync(request, client, ct));

    [Function("ListSyncRejections")]
    public Task<IActionResult> RejectionsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListSyncRejectionsHandler.Route)] HttpRequest request) =>
        ResultActionResult.From(rejections.HandleAsync(request, request.HttpContext.RequestAborted));
}
