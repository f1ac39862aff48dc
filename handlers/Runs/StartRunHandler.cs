using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>POST /api/journeys/{journeyId}/runs: starts a run of the live version; 202 with the status URL.</summary>
public sealed class StartRunHandler(JourneyRunStarter starter)
{
    public const string Route = "journeys/{journeyId}/runs";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string journeyId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        RunStart run = await starter.StartAsync(client, journeyId, "run-" + Guid.NewGuid().ToString("N"), accounts: null, cancellationToken);
        if (run.RefusedStatus is { } status)
        {
            return ApiResults.Problem(status, run.RefusedReason!);
        }

        string statusUrl = Urls.Api(request, $"runs/{run.RunId}");
        return ApiResults.JsonAt(request, statusUrl, new { runId = run.RunId, journeyId, version = run.Version, statusUrl }, StatusCodes.Status202Accepted);
    }
}
