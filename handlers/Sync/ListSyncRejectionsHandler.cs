using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// GET /api/sync/rejections: the sales-owned people the sync could not copy, one <see cref="Paging">page</see> at a
/// time: marketoId, accountId, field, reason, firstRejectedAt, lastRejectedAt, attempts (runs that rejected them) and
/// runId (the last, or <c>incremental</c>).
/// </summary>
public sealed class ListSyncRejectionsHandler(SyncRejectionStore rejections)
{
    public const string Route = "sync/rejections";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, Route);
        if (error is not null)
        {
            return error;
        }

        var (items, next) = await rejections.ListAsync(continuation, pageSize, cancellationToken);
        return Paging.Page(request, Route, items, pageSize, next);
    }
}
