using JourneyFunctions.Handlers.SalesActivities;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.SalesActivities;

/// <summary>
/// The topic's subscribers on the storage-queue transport (no Service Bus namespace configured). With a namespace,
/// these queues stay empty and the same handlers are fed from Service Bus: by <see cref="ServiceBusSubscriptionService"/>
/// while an instance runs, and by the drain timer, which wakes the app when none does.
/// </summary>
public sealed class SalesActivityTriggers(MarketingActivityLogHandler marketing, SalesforceActivityLogHandler salesforce, SalesActivityDrainHandler drain)
{
    [Function("DrainSalesActivitySubscriptions")]
    public Task DrainAsync([TimerTrigger(SalesActivityDrainHandler.ScheduleSetting)] TimerInfo timerInfo, FunctionContext context) =>
        drain.HandleAsync(context.CancellationToken);

    [Function("LogSalesActivityToMarketing")]
    public Task LogToMarketingAsync([QueueTrigger(MarketingActivityLogHandler.QueueName)] string message, FunctionContext context) =>
        marketing.HandleAsync(message, context.CancellationToken);

    [Function("LogSalesActivityToSalesforce")]
    public Task LogToSalesforceAsync([QueueTrigger(SalesforceActivityLogHandler.QueueName)] string message, FunctionContext context) =>
        salesforce.HandleAsync(message, context.CancellationToken);
}
