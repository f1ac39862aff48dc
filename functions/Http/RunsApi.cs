using JourneyFunctions.Handlers.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Http;

/// <summary>HTTP triggers for journey runs.</summary>
public sealed class RunsApi(StartRunHandler start, GetRunStatusHandler status, ListRunsHandler list, RunEventsHandler events, NodeAccountsHandler nodeAccounts, NodeEffectsHandler nodeEffects)
{
    [Function("StartJourneyRun")]
    public Task<IActionResult> StartAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = StartRunHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string journeyId) =>
        ResultActionResult.WithDeadline(request, ct => start.HandleAsync(request, client, journeyId, ct));

    [Function("GetRunStatus")]
    public Task<IActionResult> GetStatusAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = GetRunStatusHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string runId) =>
        ResultActionResult.WithDeadline(request, ct => status.HandleAsync(client, runId, ct));

    [Function("ListJourneyRuns")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListRunsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string journeyId) =>
        ResultActionResult.WithDeadline(request, ct => list.HandleAsync(request, client, journeyId, ct));

    [Function("ListNodeAccounts")]
    public Task<IActionResult> ListNodeAccountsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = NodeAccountsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string runId,
        string nodeId) =>
        ResultActionResult.WithDeadline(request, ct => nodeAccounts.HandleAsync(request, client, runId, nodeId, ct));

    [Function("ListNodeEffects")]
    public Task<IActionResult> ListNodeEffectsAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = NodeEffectsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string runId,
        string nodeId) =>
        ResultActionResult.WithDeadline(request, ct => nodeEffects.HandleAsync(request, client, runId, nodeId, ct));

    [Function("RaiseRunEvent")]
    public Task<IActionResult> RaiseEventAsync(
        [HttpTrigger(AuthorizationLevel.Function, "post", Route = RunEventsHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string runId) =>
        ResultActionResult.WithDeadline(request, ct => events.HandleAsync(request, client, runId, ct));
}
