using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// Subscription <c>marketing-logger</c> (queue <c>sales-activities-marketing-logger</c> locally): records each sales
/// activity on the person as the native marketing activity of its type. Reminders and unsubscribes are not marketing
/// activities and are skipped; the log is write-once by activity id, so a redelivery changes nothing.
/// </summary>
public sealed class MarketingActivityLogHandler(IMarketingActivityLog log, ILogger<MarketingActivityLogHandler> logger) : ISalesActivitySubscriber
{
    public const string QueueName = SalesActivityTopic.MarketingLoggerQueue;

    public string Subscription => SalesActivityTopic.MarketingLogger;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        SalesActivity activity = QueueMessage.Parse<SalesActivity>(message, SalesActivityMessage.IsValid, SalesActivityMessage.Description);
        if (MarketingActivity.From(activity) is not { } marketing)
        {
            logger.LogInformation("Sales activity {Id} ({Type}) is not a marketing activity; skipped", activity.Id, activity.Type);
            return;
        }

        await log.LogAsync([marketing], cancellationToken);
        logger.LogInformation("Sales activity {Id} logged to marketing as {Type} on {LeadId}", activity.Id, marketing.ActivityTypeApiName, marketing.LeadId);
    }
}
