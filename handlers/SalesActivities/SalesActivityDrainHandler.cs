using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Storage.Messaging;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// Timer <c>DrainSalesActivitySubscriptions</c> (<c>SalesActivityDrainSchedule</c>): receives what waits on each
/// subscription of the topic and hands it to the same idempotent subscriber as the hosted processor
/// (<see cref="ServiceBusSubscriptionService"/>). A timer wakes a Flex Consumption app that scaled to zero, which a
/// hosted processor cannot, so a message waits at most one schedule period (plus the run) whether or not an instance
/// is up. Peek-lock: a message is completed after its subscriber wrote it, dead-lettered at once when malformed, and
/// abandoned on any other failure (Service Bus dead-letters it after the subscription's max delivery count). With no
/// Service Bus namespace set (the local host) it does nothing: the storage-queue triggers deliver.
/// </summary>
public sealed class SalesActivityDrainHandler(ServiceBusClient? client, IEnumerable<ISalesActivitySubscriber> subscribers, ILogger<SalesActivityDrainHandler> logger)
{
    public const string ScheduleSetting = "%SalesActivityDrainSchedule%";

    /// <summary>Messages received (and handled concurrently) at a time.</summary>
    public const int BatchSize = 100;

    /// <summary>Batches per subscription per run: at most 5,000 messages, so a run ends well within the lock and timer period; the rest waits for the next run.</summary>
    public const int MaxBatchesPerRun = 50;

    /// <summary>How long a receive waits for a first message before the subscription counts as empty.</summary>
    public static readonly TimeSpan ReceiveWait = TimeSpan.FromSeconds(1);

    /// <returns>How many messages were settled, over all subscriptions.</returns>
    public async Task<int> HandleAsync(CancellationToken cancellationToken)
    {
        if (client is null)
        {
            return 0;
        }

        int settled = 0;
        foreach (ISalesActivitySubscriber subscriber in subscribers)
        {
            await using ServiceBusReceiver receiver = client.CreateReceiver(
                SalesActivityTopic.Name, subscriber.Subscription, new ServiceBusReceiverOptions { ReceiveMode = ServiceBusReceiveMode.PeekLock });
            settled += await DrainAsync(subscriber, receiver, cancellationToken);
        }

        return settled;
    }

    /// <summary>Receives batches from one subscription until it is empty or <see cref="MaxBatchesPerRun"/> batches were handled.</summary>
    public async Task<int> DrainAsync(ISalesActivitySubscriber subscriber, ServiceBusReceiver receiver, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(receiver);
        int settled = 0;
        for (int batch = 0; batch < MaxBatchesPerRun; batch++)
        {
            IReadOnlyList<ServiceBusReceivedMessage> messages = await receiver.ReceiveMessagesAsync(BatchSize, ReceiveWait, cancellationToken);
            if (messages.Count == 0)
            {
                break;
            }

            await Task.WhenAll(messages.Select(message => SettleAsync(subscriber, receiver, message, cancellationToken)));
            settled += messages.Count;
        }

        if (settled > 0)
        {
            logger.LogInformation("Service Bus subscription {Subscription}: {Count} messages drained", subscriber.Subscription, settled);
        }

        return settled;
    }

    private async Task SettleAsync(ISalesActivitySubscriber subscriber, ServiceBusReceiver receiver, ServiceBusReceivedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await subscriber.HandleAsync(message.Body.ToString(), cancellationToken);
        }
        catch (InvalidDataException e)
        {
            await receiver.DeadLetterMessageAsync(message, ServiceBusSubscriptionService.MalformedReason, e.Message, cancellationToken);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Service Bus subscription {Subscription}: message {MessageId} failed (delivery {Count}); abandoned for redelivery",
                subscriber.Subscription, message.MessageId, message.DeliveryCount);
            await receiver.AbandonMessageAsync(message, cancellationToken: cancellationToken);
            return;
        }

        await receiver.CompleteMessageAsync(message, cancellationToken);
    }
}
