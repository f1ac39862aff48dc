using JourneyFunctions.Functions.Http;
using JourneyFunctions.Handlers.Delivery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Delivery;

/// <summary>The outbox dispatcher's queue trigger and the route that shows a run's deliveries.</summary>
public sealed class DeliveryFunctions(OutboxDispatchQueueHandler dispatcher, ListDeliveriesHandler deliveries)
{
    [Function("DispatchOutbox")]
    public Task DispatchAsync([QueueTrigger(OutboxDispatchQueueHandler.QueueName)] string message, FunctionContext context) =>
        dispatcher.HandleAsync(message, context.CancellationToken);

    [Function("ListRunDeliveries")]
    public Task<IActionResult> ListAsync(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = ListDeliveriesHandler.Route)] HttpRequest request,
        [DurableClient] DurableTaskClient client,
        string runId) =>
        ResultActionResult.WithDeadline(request, ct => deliveries.HandleAsync(request, client, runId, ct));
}
