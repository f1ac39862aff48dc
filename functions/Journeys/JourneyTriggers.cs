using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Journeys;

/// <summary>The journeys' queue triggers: commands from one journey's actions to another, and events for listening runs.</summary>
public sealed class JourneyTriggers(JourneyCommandQueueHandler commands, JourneyEventQueueHandler events)
{
    [Function("ApplyJourneyCommand")]
    public Task ApplyCommandAsync(
        [QueueTrigger(JourneyCommandQueueHandler.QueueName)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        commands.HandleAsync(message, client, context.CancellationToken);

    [Function("RouteJourneyEvents")]
    public Task RouteEventsAsync(
        [QueueTrigger(JourneyEventQueueHandler.QueueName)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        events.HandleAsync(message, client, context.CancellationToken);
}
