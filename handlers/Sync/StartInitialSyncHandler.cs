using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>POST /api/sync/initial: a full re-sync on demand (202), unless one is already running (409).</summary>
public sealed class StartInitialSyncHandler(InitialSyncStarter starter)
{
    public const string Route = "sync/initial";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        string outcome = await starter.EnsureStartedAsync(client, restartCompleted: true, cancellationToken);
        string statusUrl = Urls.Api(request, GetSyncStatusHandler.Route);
        return outcome == "running"
            ? ApiResults.Conflict("An initial sync is already running.", new Dictionary<string, object?> { ["statusUrl"] = statusUrl })
            : ApiResults.Json(new { outcome, statusUrl }, StatusCodes.Status202Accepted);
    }
}
