using JourneyFunctions.Handlers.Journeys;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Handlers.Sync;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.DevHost.Catalog;

/// <summary>Every HTTP route of the local host, each calling the same handler as the Functions app.</summary>
public static class HttpCatalog
{
    public static IReadOnlyList<HttpFunction> All { get; } =
    [
        new("CreateJourney", "POST", CreateJourneyHandler.Route,
            (HttpRequest request, CreateJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct)),
        new("GetJourney", "GET", GetJourneyHandler.Route,
            (string journeyId, GetJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(journeyId, ct)),
        new("PublishJourney", "POST", PublishJourneyHandler.Route,
            (string journeyId, PublishJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(journeyId, ct)),
        new("StartJourneyRun", "POST", StartRunHandler.Route,
            (HttpRequest request, string journeyId, StartRunHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, journeyId, ct)),
        new("GetRunStatus", "GET", GetRunStatusHandler.Route,
            (string runId, DurableTaskClient client, CancellationToken ct) => GetRunStatusHandler.HandleAsync(client, runId, ct)),
        new("StartInitialSync", "POST", StartInitialSyncHandler.Route,
            (HttpRequest request, StartInitialSyncHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, ct)),
        new("GetSyncStatus", "GET", GetSyncStatusHandler.Route,
            (GetSyncStatusHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(client, ct)),
    ];
}
