using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Handlers.Sync;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.DevHost.Catalog;

/// <summary>Every timer and queue function of the local host.</summary>
public static class TriggerCatalog
{
    public static IReadOnlyList<TimerFunction> Timers { get; } =
    [
        new("InitialSyncTimer", InitialSyncTimerHandler.ScheduleSetting,
            (services, client, ct) => services.GetRequiredService<InitialSyncTimerHandler>().HandleAsync(client, ct)),
        new("MarketoChangesTimer", MarketoChangesTimerHandler.ScheduleSetting,
            (services, _, ct) => services.GetRequiredService<MarketoChangesTimerHandler>().HandleAsync(ct)),
        new("DrainSalesActivitySubscriptions", SalesActivityDrainHandler.ScheduleSetting,
            (services, _, ct) => services.GetRequiredService<SalesActivityDrainHandler>().HandleAsync(ct)),
    ];

    public static IReadOnlyList<QueueFunction> Queues { get; } =
    [
        new("ApplyPersonChange", PersonChangeQueueHandler.QueueName,
            (services, message, ct) => services.GetRequiredService<PersonChangeQueueHandler>().HandleAsync(message, ct)),
        new("ApplyJourneyCommand", JourneyCommandQueueHandler.QueueName,
            (services, message, ct) => services.GetRequiredService<JourneyCommandQueueHandler>().HandleAsync(message, services.GetRequiredService<DurableTaskClient>(), ct)),
        new("LogSalesActivityToMarketing", MarketingActivityLogHandler.QueueName,
            (services, message, ct) => services.GetRequiredService<MarketingActivityLogHandler>().HandleAsync(message, ct)),
        new("LogSalesActivityToSalesforce", SalesforceActivityLogHandler.QueueName,
            (services, message, ct) => services.GetRequiredService<SalesforceActivityLogHandler>().HandleAsync(message, ct)),
    ];

    /// <summary>Everything the local host serves, described like functions.metadata.</summary>
    public static IEnumerable<HostedFunction> Describe() =>
        HttpCatalog.All.Select(f => new HostedFunction(f.Name, "httpTrigger", $"{f.Method} {f.Route}"))
            .Concat(Timers.Select(f => new HostedFunction(f.Name, "timerTrigger", f.Schedule)))
            .Concat(Queues.Select(f => new HostedFunction(f.Name, "queueTrigger", f.Queue)))
            .Concat(DurableCatalog.All.Select(f => new HostedFunction(f.Name, f.Trigger)));
}
