using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Delivery;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Delivery;

/// <summary>
/// GET /api/runs/{runId}/deliveries: the send ledger of a run, one item per message (run, node, target) with its
/// kind, address, status, attempts, message id, provider id and reason. <c>?node=</c> keeps one node's;
/// <c>pageSize</c> 1-1000 (default 1000) and <c>continuationToken</c> page through them.
/// </summary>
public sealed class ListDeliveriesHandler(DeliveryLedger ledger)
{
    public const string Route = "runs/{runId}/deliveries";
    private const int MaxPageSize = 1000;

    public async Task<IResult> HandleAsync(HttpRequest request, string runId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!TableKey.IsValid(runId))
        {
            return ApiResults.NotFound($"Run '{runId}'");
        }

        string? node = request.Query.TryGetValue("node", out var nodes) ? nodes.ToString() : null;
        if (node is not null && !TableKey.IsValid(node))
        {
            return ApiResults.BadField("node", $"must be a node id (1-128 letters, digits, '-', '_', '.', '@' or ':'; got '{node}')");
        }

        int pageSize = MaxPageSize;
        if (request.Query.TryGetValue("pageSize", out var size)
            && (!int.TryParse(size, NumberStyles.Integer, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize))
        {
            return ApiResults.BadField("pageSize", $"must be a whole number from 1 to {MaxPageSize} (got '{size}')");
        }

        string? continuation = request.Query.TryGetValue("continuationToken", out var token) && token.ToString().Length > 0 ? token.ToString() : null;
        List<TableEntity> rows;
        string? next;
        try
        {
            (rows, next) = await ledger.ListRunAsync(runId, node, pageSize, continuation, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status == 400)
        {
            return ApiResults.BadField("continuationToken", "is not one this route gave out");
        }

        string nodeQuery = node is null ? "" : $"node={Uri.EscapeDataString(node)}&";
        return ApiResults.Json(new
        {
            items = rows.Select(r => new
            {
                nodeId = r.GetString("NodeId"),
                kind = r.GetString("Kind"),
                targetId = r.GetString("TargetId"),
                to = r.GetString("To"),
                status = r.GetString("Status"),
                attempts = r.GetInt32("Attempts"),
                messageId = r.GetString("MessageId"),
                providerMessageId = r.GetString("ProviderMessageId"),
                reason = r.GetString("Reason"),
                updatedAt = r.GetDateTimeOffset("UpdatedAt"),
            }),
            continuationToken = next,
            nextUrl = next is null ? null : Urls.Api(request, $"runs/{runId}/deliveries?{nodeQuery}pageSize={pageSize}&continuationToken={Uri.EscapeDataString(next)}"),
        });
    }
}
