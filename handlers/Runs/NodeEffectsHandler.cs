using JourneyFunctions.Handlers.Http;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using Microsoft.AspNetCore.Http;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Runs;

/// <summary>
/// GET /api/runs/{runId}/nodes/{nodeId}/effects: one page of what a take-action node did to each of its targets in the
/// run (the effect journal: an account or person, the action, and the detail, a skip's reason included), so a count in
/// <c>peopleSkipped</c> can be explained without a table browser. <c>pageSize</c> 1-1000 (default 100); a node id the
/// run's journey version does not have is a 404. A node that acted on nobody (or is no action) lists none.
/// </summary>
public sealed class NodeEffectsHandler(EffectStore effects, JourneyStore journeys)
{
    public const string Route = "runs/{runId}/nodes/{nodeId}/effects";

    public async Task<IResult> HandleAsync(HttpRequest request, DurableTaskClient client, string runId, string nodeId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        (OrchestrationMetadata? run, IResult? notFound) = await JourneyRuns.FindNodeAsync(client, journeys, runId, nodeId, cancellationToken);
        if (run is null)
        {
            return notFound!;
        }

        string route = $"runs/{runId}/nodes/{nodeId}/effects";
        (int pageSize, string? continuation, IResult? error) = Paging.Read(request, route);
        if (error is not null)
        {
            return error;
        }

        try
        {
            (var items, string? next) = await effects.ListNodeAsync(runId, nodeId, continuation, pageSize, cancellationToken);
            return Paging.Json(request, route, new { runId, nodeId, items = items.Select(e => new { targetId = e.TargetId, action = e.Action, detail = e.Detail }) }, pageSize, next);
        }
        catch (FormatException)
        {
            return Paging.BadToken();
        }
    }
}
