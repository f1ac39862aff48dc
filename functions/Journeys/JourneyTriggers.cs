using JourneyFunctions.Handlers.Runs;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Journeys;

/// <summary>The journeys' queue trigger: commands from one journey's actions to another.</summary>
public sealed class JourneyTriggers(JourneyCommandQueueHandler commands)
{
    [Function("ApplyJourneyCommand")]
    public Task ApplyCommandAsync(
        [QueueTrigger(JourneyCommandQueueHandler.QueueName)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        commands.HandleAsync(message, client, context.CancellationToken);
}
