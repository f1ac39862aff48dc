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

    /// <summary>The longest a dry run reads its source before answering 503 (10,000 people from Marketo take about 35 calls).</summary>
    public static readonly TimeSpan DryRunBudget = TimeSpan.FromSeconds(60);

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        StringValues dry = request.Query["dryRun"];
        // bool.TryParse would also take " true" and "true\n": exactly the two words, any case.
        bool isDry = dry.Count == 1 && string.Equals(dry[0], "true", StringComparison.OrdinalIgnoreCase);
        if (dry.Count > 1 || (dry.Count == 1 && !isDry && !string.Equals(dry[0], "false", StringComparison.OrdinalIgnoreCase)))
        {
            return ApiResults.BadField("dryRun", "must be true or false, given once.");
        }

        if (isDry)
        {
            return await DryRunAsync(cancellationToken);
        }

        string outcome = await starter.EnsureStartedAsync(client, restartCompleted: true, cancellationToken);
        string statusUrl = Urls.Api(request, GetSyncStatusHandler.Route);
        return outcome == "running"
            ? ApiResults.Conflict("An initial sync is already running.", new Dictionary<string, object?> { ["statusUrl"] = statusUrl })
            : ApiResults.JsonAt(request, statusUrl, new { outcome, statusUrl }, StatusCodes.Status202Accepted);
    }

    /// <summary>
    /// The dry run's report; 503 with the reason when the source (Marketo) fails a call, answers what cannot be read, or the whole read does not end
    /// within <see cref="DryRunBudget"/> (the caller waits on it).
    /// </summary>
    private async Task<IResult> DryRunAsync(CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(DryRunBudget);
        try
        {
            SyncDryRunReport report = await dryRun.RunAsync(SyncDryRun.MaxPeople, budget.Token);
            return ApiResults.Json(new { dryRun = true, maxPeople = SyncDryRun.MaxPeople, report });
        }
        catch (Exception e) when (e is SourceUnavailableException or HttpRequestException or System.Text.Json.JsonException)
        {
            return Unavailable($"The source of the sync could not be read ({e.Message}); try again later.");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Unavailable($"The source of the sync did not answer within {DryRunBudget.TotalSeconds:0} s; try again later.");
        }
    }

    private static IResult Unavailable(string detail) =>
        ApiResults.Unavailable(ApiErrors.Shown(detail, "The source of the sync could not be read; try again later."), "sourceUnavailable");
}
