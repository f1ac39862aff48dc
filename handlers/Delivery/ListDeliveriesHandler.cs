using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Handlers.Runs;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Delivery;

/// <summary>
/// GET /api/runs/{runId}/deliveries: the send ledger of a run, one item per message (run, node, target) with its
/// kind, address, status, attempts, message id, provider id and reason. <c>?node=</c> keeps one node's;
/// <c>pageSize</c> 1-1000 (default 1000) and <c>continuationToken</c> page through them. 404 for an id that is not a
/// journey run; 400 naming <c>node</c> for a node the run's journey version does not have (a typo would list nothing).
/// </summary>
public sealed class ListDeliveriesHandler(DeliveryLedger ledger, JourneyStore journeys)
{
    public const string Route = "runs/{runId}/deliveries";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Paging.GivenTwice(request, "node") is { } twice)
        {
            return twice;
        }

        string? node = request.Query.TryGetValue("node", out var nodes) ? nodes.ToString() : null;
        if (await JourneyRuns.FindAsync(client, runId, withInput: node is not null, cancellationToken) is not { } run)
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        if (node is not null && !TableKey.IsValid(node))
        {
            return ApiResults.BadField("node", $"must be a node id, {TableKey.Rule} (got '{node}').");
        }

        if (node is not null && !await JourneyRuns.HasNodeAsync(journeys, run, node, cancellationToken))
        {
            return ApiResults.BadField("node", $"'{node}' is not a node of the journey version this run runs.");
        }

        string route = $"runs/{runId}/deliveries";
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route, "node", defaultPageSize: Paging.MaxPageSize);
        if (error is not null)
        {
            return error;
        }

        (List<TableEntity> rows, string? next) = await ledger.ListRunAsync(runId, node, pageSize, continuation, cancellationToken);
        // Every field of an item is written, null where it has no value yet (a reason only for what did not go out).
        return Paging.Json(request, route, new { items = rows.Select(Item) }, pageSize, next, "node");
    }

    private static Dictionary<string, object?> Item(TableEntity row) => new(StringComparer.Ordinal)
    {
        ["nodeId"] = row.GetString("NodeId"),
        ["kind"] = row.GetString("Kind"),
        ["targetId"] = row.GetString("TargetId"),
        ["to"] = row.GetString("To"),
        ["status"] = row.GetString("Status"),
        ["attempts"] = row.GetInt32("Attempts"),
        ["messageId"] = row.GetString("MessageId"),
        ["providerMessageId"] = row.GetString("ProviderMessageId"),
        ["reason"] = row.GetString("Reason") is { Length: > 0 } reason ? reason : null,
        ["updatedAt"] = row.GetDateTimeOffset("UpdatedAt"),
    };
}
