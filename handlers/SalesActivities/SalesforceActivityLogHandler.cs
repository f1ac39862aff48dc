using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// Subscription <c>salesforce-logger</c> (queue <c>sales-activities-salesforce-logger</c> locally): writes a Salesforce
/// task for each activity whose type an admin enabled (the sync settings' <c>salesforceTaskTypes</c>), and sets the email opt-out for an
/// unsubscribe. Activities that came from Salesforce, and people not in Salesforce, are skipped. A record Salesforce
/// refuses after the adapter's retries throws, so the message is retried and then dead-lettered.
/// </summary>
public sealed class SalesforceActivityLogHandler(ISalesforceActivityLog log, ISyncSettings settings, ILogger<SalesforceActivityLogHandler> logger) : ISalesActivitySubscriber
{
    public const string QueueName = SalesActivityTopic.SalesforceLoggerQueue;

    public string Subscription => SalesActivityTopic.SalesforceLogger;

    public async Task HandleAsync(string message, CancellationToken cancellationToken)
    {
        SalesActivity activity = QueueMessage.Parse<SalesActivity>(message, SalesActivityMessage.IsValid, SalesActivityMessage.Description);
        if (activity.Origin == SalesActivityOrigin.Salesforce || string.IsNullOrEmpty(activity.SalesforceWhoId))
        {
            logger.LogInformation("Sales activity {Id} came from Salesforce or its person is not in Salesforce; skipped", activity.Id);
            return;
        }

        IReadOnlyList<SalesforceWriteResult> results;
        if (activity.Type == SalesActivityType.Unsubscribe)
        {
            results = await log.SetEmailOptOutAsync([activity.SalesforceWhoId], cancellationToken);
        }
        else if ((await settings.GetAsync(cancellationToken)).Settings.SalesforceTaskTypes.Contains(activity.Type) && SalesforceTask.From(activity) is { } task)
        {
            results = await log.WriteTasksAsync([task], cancellationToken);
        }
        else
        {
            logger.LogInformation("Sales activity {Id} ({Type}) is not enabled for Salesforce; skipped", activity.Id, activity.Type);
            return;
        }

        if (results.FirstOrDefault(r => !r.Succeeded) is { } failed)
        {
            throw new InvalidOperationException($"Salesforce refused sales activity {activity.Id}: {failed.Error}");
        }

        logger.LogInformation("Sales activity {Id} ({Type}) written to Salesforce as {SalesforceId}", activity.Id, activity.Type, results[0].SalesforceId);
    }
}
