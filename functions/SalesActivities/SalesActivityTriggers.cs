using JourneyFunctions.Handlers.SalesActivities;
using Microsoft.Azure.Functions.Worker;

namespace JourneyFunctions.Functions.SalesActivities;

/// <summary>
/// The topic's subscribers on the storage-queue transport (no Service Bus namespace configured). With a namespace,
/// these queues stay empty and <see cref="ServiceBusSubscriptionService"/> feeds the same handlers from Service Bus.
/// </summary>
public sealed class SalesActivityTriggers(MarketingActivityLogHandler marketing, SalesforceActivityLogHandler salesforce)
{
    [Function("LogSalesActivityToMarketing")]
    public Task LogToMarketingAsync([QueueTrigger(MarketingActivityLogHandler.QueueName)] string message, FunctionContext context) =>
        marketing.HandleAsync(message, context.CancellationToken);

    [Function("LogSalesActivityToSalesforce")]
    public Task LogToSalesforceAsync([QueueTrigger(SalesforceActivityLogHandler.QueueName)] string message, FunctionContext context) =>
        salesforce.HandleAsync(message, context.CancellationToken);
}
