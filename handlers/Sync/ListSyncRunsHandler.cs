using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
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
/// <c>Paused</c> with <c>pausedUntil</c> and <c>pauseReason</c> while it waits, <c>Failed</c> until the timer resumes it ...).
/// </summary>
public sealed class ListSyncRunsHandler(SyncRunStore runs, TimeProvider clock)
{
    public const string Route = "sync/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, Route);
        if (error is not null)
        {
            return error;
        }

        var (items, next) = await runs.ListAsync(continuation, pageSize, cancellationToken);
        if (items.Any(r => r.EndedAt is null))
        {
            OrchestrationMetadata? sync = await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: true, cancellationToken);
            SyncProgress? live = sync?.ReadCustomStatusAs<SyncProgress>() ?? sync?.ReadInputAs<SyncProgress>();
            bool paused = sync?.RuntimeStatus == OrchestrationRuntimeStatus.Running && live?.PausedUntilUtc > clock.GetUtcNow().UtcDateTime;
            items = [.. items.Select(r => r.EndedAt is null && live?.RunId == r.RunId && live.RunStartedAt is not null
                ? SyncRunRecord.From(live, paused ? "Paused" : sync!.RuntimeStatus.ToString(), endedAt: null) with
                {
                    PausedUntil = paused ? live.PausedUntilUtc.WithOffset() : null,
                    PauseReason = paused ? live.PauseReason : null,
                }
                : r)];
        }

        return Paging.Page(request, Route, items, pageSize, next);
    }
}
