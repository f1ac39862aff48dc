using System.Globalization;
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
/// accounts on within one step and list none; a run that is no longer in flight holds nobody.
/// </summary>
public sealed class NodeAccountsHandler(NodePositionStore positions)
{
    public const string Route = "runs/{runId}/nodes/{nodeId}/accounts";
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? run = TableKey.IsValid(runId) ? await client.GetInstanceAsync(runId, getInputsAndOutputs: false, cancellationToken) : null;
        if (run is null)
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        if (!TableKey.IsValid(nodeId))
        {
            return ApiResults.NotFound($"Node '{nodeId}' of run '{runId}'");
        }

        int pageSize = DefaultPageSize;
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return ApiResults.BadField("pageSize", $"must be a whole number from 1 to {MaxPageSize} (got '{size}')");
        }

        if (!JourneyRuns.InFlight(run.RuntimeStatus))
        {
            return ApiResults.Json(new { runId, nodeId, items = Array.Empty<string>(), continuationToken = (string?)null, nextUrl = (string?)null });
        }

        string? continuation = request.Query.TryGetValue("continuationToken", out var token) && token.ToString().Length > 0 ? token.ToString() : null;
        (IReadOnlyList<string> accounts, string? next) = await positions.ListAsync(runId, nodeId, continuation, pageSize, cancellationToken);
        return ApiResults.Json(new
        {
            runId,
            nodeId,
            items = accounts,
            continuationToken = next,
            nextUrl = next is null ? null : Urls.Api(request, $"runs/{runId}/nodes/{nodeId}/accounts?pageSize={pageSize}&continuationToken={Uri.EscapeDataString(next)}"),
        });
    }
}
