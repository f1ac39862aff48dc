using JourneyFunctions.Handlers.Sync;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Functions.Sync;

/// <summary>The sync's timer and queue triggers.</summary>
public sealed class SyncTriggers(InitialSyncTimerHandler timer, PersonChangeQueueHandler changes, PeopleChangesTimerHandler peopleChanges)
{
    [Function("InitialSyncTimer")]
    public Task RunTimerAsync(
        [TimerTrigger(InitialSyncTimerHandler.ScheduleSetting)] TimerInfo timerInfo,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        timer.HandleAsync(client, context.CancellationToken);

    [Function("MarketoChangesTimer")]
    public Task RunMarketoChangesAsync([TimerTrigger(PeopleChangesTimerHandler.ScheduleSetting)] TimerInfo timerInfo, FunctionContext context) =>
        peopleChanges.HandleAsync(context.CancellationToken);

    [Function("ApplyPersonChange")]
    public Task ApplyChangeAsync(
        [QueueTrigger(PersonChangeQueueHandler.QueueName)] string message,
        [DurableClient] DurableTaskClient client,
        FunctionContext context) =>
        changes.HandleAsync(message, client, context.CancellationToken);
}
