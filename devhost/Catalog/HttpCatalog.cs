using JourneyFunctions.Handlers.Journeys;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Handlers.Sales;
using JourneyFunctions.Handlers.SalesActivities;
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
        new("ListJourneys", "GET", ListJourneysHandler.Route,
            (HttpRequest request, ListJourneysHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct)),
        new("GetJourney", "GET", GetJourneyHandler.Route,
            (string journeyId, GetJourneyHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(client, journeyId, ct)),
        new("UpdateJourney", "PUT", UpdateJourneyHandler.Route,
            (HttpRequest request, string journeyId, UpdateJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(request, journeyId, ct)),
        new("ValidateJourney", "POST", ValidateJourneyHandler.Route,
            (HttpRequest request, ValidateJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct)),
        new("PublishJourney", "POST", PublishJourneyHandler.Route,
            (string journeyId, PublishJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(journeyId, ct)),
        new("CloseJourney", "POST", CloseJourneyHandler.Route,
            (string journeyId, CloseJourneyHandler handler, CancellationToken ct) => handler.HandleAsync(journeyId, ct)),
        new("AbortJourney", "POST", AbortJourneyHandler.Route,
            (string journeyId, AbortJourneyHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(client, journeyId, ct)),
        new("ListJourneyRuns", "GET", ListRunsHandler.Route,
            (HttpRequest request, string journeyId, ListRunsHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, journeyId, ct)),
        new("RaiseRunEvent", "POST", RunEventsHandler.Route,
            (HttpRequest request, string runId, RunEventsHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, runId, ct)),
        new("StartJourneyRun", "POST", StartRunHandler.Route,
            (HttpRequest request, string journeyId, StartRunHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, journeyId, ct)),
        new("GetRunStatus", "GET", GetRunStatusHandler.Route,
            (string runId, DurableTaskClient client, CancellationToken ct) => GetRunStatusHandler.HandleAsync(client, runId, ct)),
        new("StartInitialSync", "POST", StartInitialSyncHandler.Route,
            (HttpRequest request, StartInitialSyncHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(request, client, ct)),
        new("GetSyncStatus", "GET", GetSyncStatusHandler.Route,
            (GetSyncStatusHandler handler, DurableTaskClient client, CancellationToken ct) => handler.HandleAsync(client, ct)),
        new("RecordSalesActivity", "POST", RecordSalesActivityHandler.Route,
            (HttpRequest request, string marketoId, RecordSalesActivityHandler handler, CancellationToken ct) => handler.HandleAsync(request, marketoId, ct)),
        new("ListSalesActivities", "GET", ListSalesActivitiesHandler.Route,
            (string marketoId, ListSalesActivitiesHandler handler, CancellationToken ct) => handler.HandleAsync(marketoId, ct)),
        new("UnsubscribeSalesPerson", "POST", UnsubscribeHandler.Route,
            (HttpRequest request, string marketoId, UnsubscribeHandler handler, CancellationToken ct) => handler.HandleAsync(request, marketoId, ct)),
        new("GetSalesPerson", "GET", GetSalesPersonHandler.Route,
            (string marketoId, GetSalesPersonHandler handler, CancellationToken ct) => handler.HandleAsync(marketoId, ct)),
        new("ListSalesPeople", "GET", ListSalesPeopleHandler.Route,
            (HttpRequest request, ListSalesPeopleHandler handler, CancellationToken ct) => handler.HandleAsync(request, ct)),
        new("RejectSalesPeopleWrite", RejectSalesPeopleWriteHandler.Methods, ListSalesPeopleHandler.Route,
            (HttpRequest request) => RejectSalesPeopleWriteHandler.Handle(request)),
        new("RejectSalesPersonWrite", RejectSalesPeopleWriteHandler.Methods, GetSalesPersonHandler.Route,
            (HttpRequest request) => RejectSalesPeopleWriteHandler.Handle(request)),
    ];
}
