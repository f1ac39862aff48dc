using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Orchestrations.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>GET /api/sync/status: the initial sync's progress and rate.</summary>
public sealed class GetSyncStatusHandler(TimeProvider clock)
{
    public const string Route = "sync/status";

    public async Task<IResult> HandleAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        OrchestrationMetadata? sync = await client.GetInstanceAsync(InitialSyncOrchestration.InstanceId, getInputsAndOutputs: true, cancellationToken);
        if (sync is null)
        {
            return ApiResults.Json(new { status = "notStarted" });
        }

        SyncProgress? progress = (sync.RuntimeStatus == OrchestrationRuntimeStatus.Completed ? sync.ReadOutputAs<SyncProgress>() : null) ?? sync.ReadCustomStatusAs<SyncProgress>() ?? sync.ReadInputAs<SyncProgress>();
        DateTime end = sync.IsCompleted ? sync.LastUpdatedAt.UtcDateTime : clock.GetUtcNow().UtcDateTime;
        double seconds = progress is null ? 0 : Math.Max((end - progress.StartedUtc).TotalSeconds, 0.001);
        return ApiResults.Json(new
        {
            status = sync.RuntimeStatus.ToString(),
            progress,
            peoplePerSecond = progress is null ? 0 : Math.Round(progress.Read / seconds, 1),
            lastUpdatedAt = sync.LastUpdatedAt,
            lastError = sync.FailureDetails?.ErrorMessage,
        });
    }
}
