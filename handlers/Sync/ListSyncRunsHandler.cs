using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Sync;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// GET /api/sync/runs: the initial-sync runs, newest first, one <see cref="Paging">page</see> at a time (see
/// <see cref="SyncRunRecord"/>). The run in progress shows the sync's live totals and status (<c>Running</c>,
/// <c>Failed</c> until the timer resumes it ...).
/// </summary>
public sealed class ListSyncRunsHandler(SyncRunStore runs)
{
    public const string Route = "sync/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request);
        if (error is not null)
        {
            return error;
        }

        var (items, next) = await runs.ListAsync(continuation, pageSize, cancellationToken);
        if (items.Any(r => r.EndedAt is null))
        {
            OrchestrationMetadata? sync = await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: true, cancellationToken);
            SyncProgress? live = sync?.ReadCustomStatusAs<SyncProgress>() ?? sync?.ReadInputAs<SyncProgress>();
            items = [.. items.Select(r => r.EndedAt is null && live?.RunId == r.RunId && live.RunStartedAt is not null
                ? SyncRunRecord.From(live, sync!.RuntimeStatus.ToString(), endedAt: null)
                : r)];
        }

        return Paging.Page(request, Route, items, pageSize, next);
    }
}
