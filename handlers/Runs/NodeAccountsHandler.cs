using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// GET /api/runs/{runId}/nodes/{nodeId}/accounts: one page of the accounts held at a wait or listen-for-event node
/// now (<c>pageSize</c> 1-1000, default 100; <c>continuationToken</c> from the previous page). Other node types pass
/// accounts on within one step and list none; a run that is no longer in flight holds nobody. A node id the run's
/// journey version does not have is a 404, not an empty list, so a mistyped id is not read as "nobody is held".
/// </summary>
public sealed class NodeAccountsHandler(NodePositionStore positions, JourneyStore journeys)
{
    public const string Route = "runs/{runId}/nodes/{nodeId}/accounts";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        (OrchestrationMetadata? run, IResult? notFound) = await JourneyRuns.FindNodeAsync(client, journeys, runId, nodeId, cancellationToken);
        if (run is null)
        {
            return notFound!;
        }

        string route = $"runs/{runId}/nodes/{nodeId}/accounts";
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route);
        if (error is not null)
        {
            return error;
        }

        (IReadOnlyList<string> accounts, string? next) = DurableInstanceCalls.InFlight(run.RuntimeStatus)
            ? await positions.ListAsync(runId, nodeId, continuation, pageSize, cancellationToken)
            : ([], null);
        return Paging.Json(request, route, new { runId, nodeId, items = accounts }, pageSize, next);
    }
}
