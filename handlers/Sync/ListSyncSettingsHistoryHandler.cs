using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// GET /api/sync/settings/history: every change of the sync settings, newest first, one <see cref="Paging">page</see>
/// at a time: version, changedAt, changedBy, the fields changed (from, to) and the settings after the change.
/// </summary>
public sealed class ListSyncSettingsHistoryHandler(SyncSettingsStore store)
{
    public const string Route = "sync/settings/history";

    public async Task<IResult> HandleAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, Route);
        if (error is not null)
        {
            return error;
        }

        var (revisions, next) = await store.ListRevisionsAsync(continuation, pageSize, cancellationToken);
        return Paging.Page(request, Route, revisions, pageSize, next);
    }
}
