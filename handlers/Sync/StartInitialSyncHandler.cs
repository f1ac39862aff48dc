using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Primitives;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>
/// POST /api/sync/initial: a full re-sync on demand (202), unless one is already running (409); with
/// <c>?dryRun=true</c>, what it would do, read at once and answered (200), writing nothing.
/// </summary>
public sealed class StartInitialSyncHandler(InitialSyncStarter starter, SyncDryRun dryRun)
{
    public const string Route = "sync/initial";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        StringValues dry = request.Query["dryRun"];
        // bool.TryParse would also take " true" and "true\n": exactly the two words, any case.
        bool isDry = dry.Count == 1 && string.Equals(dry[0], "true", StringComparison.OrdinalIgnoreCase);
        if (dry.Count > 1 || (dry.Count == 1 && !isDry && !string.Equals(dry[0], "false", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiResults.BadField("dryRun", "must be true or false, given once");
        }

        if (isDry)
        {
            SyncDryRunReport report = await dryRun.RunAsync(SyncDryRun.MaxPeople, cancellationToken);
            return ApiResults.Json(new { dryRun = true, maxPeople = SyncDryRun.MaxPeople, report });
        }

        string outcome = await starter.EnsureStartedAsync(client, restartCompleted: true, cancellationToken);
        string statusUrl = Urls.Api(request, GetSyncStatusHandler.Route);
        return outcome == "running"
            ? ApiResults.Conflict("An initial sync is already running.", new Dictionary<string, object?> { ["statusUrl"] = statusUrl })
            : ApiResults.Json(new { outcome, statusUrl }, StatusCodes.Status202Accepted);
    }
}
