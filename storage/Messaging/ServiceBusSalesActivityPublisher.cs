using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Storage.Messaging;

/// <summary>
/// Publishes to the <c>sales-activities</c> topic in as few batches as fit: when a batch is full it is sent and the
/// rest go into a new one. <c>MessageId</c> is the activity id, so the topic's duplicate detection drops a resend;
/// a transient failure is retried with backoff on top of the client's own retries, and a permanent one throws so
/// the caller (an HTTP request the seller repeats) publishes again.
/// </summary>
public sealed class ServiceBusSalesActivityPublisher(ServiceBusSender sender, int maxAttempts = 5, TimeSpan? retryDelay = null) : ISalesActivityPublisher
{
    /// <summary>Service Bus's limit on <c>MessageId</c>.</summary>
    public const int MaxMessageIdLength = 128;

    private readonly TimeSpan _retryDelay = retryDelay ?? TimeSpan.FromSeconds(1);

    public async Task PublishAsync(IReadOnlyList<SalesActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var pending = new Queue<ServiceBusMessage>(activities.Select(ToMessage));
        while (pending.Count > 0)
        {
            using ServiceBusMessageBatch batch = await WithRetryAsync(ct => sender.CreateMessageBatchAsync(ct).AsTask(), cancellationToken);
            while (pending.Count > 0 && batch.TryAddMessage(pending.Peek()))
            {
                pending.Dequeue();
            }

            if (batch.Count == 0)
            {
                throw new InvalidOperationException($"Message {pending.Peek().MessageId} does not fit in an empty batch of {batch.MaxSizeInBytes} bytes.");
            }

            await WithRetryAsync(async ct =>
            {
                await sender.SendMessagesAsync(batch, ct);
                return batch.Count;
            }, cancellationToken);
        }
    }

    public static ServiceBusMessage ToMessage(SalesActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        return new ServiceBusMessage(SalesActivityMessage.Serialize(activity))
        {
            MessageId = MessageIdOf(activity.Id),
            ContentType = "application/json",
            Subject = activity.Type.ToString(),
        };
    }

    /// <summary>
    /// The activity id, or for an id longer than Service Bus allows (128; an unsubscribe id adds a prefix to a Marketo
    /// ID) its SHA-256 in hex: still one stable id per activity, so duplicate detection holds.
    /// </summary>
    public static string MessageIdOf(string activityId)
    {
        ArgumentNullException.ThrowIfNull(activityId);
        return activityId.Length <= MaxMessageIdLength
            ? activityId
            : StableId.Of(activityId);
    }

    private async Task<T> WithRetryAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken);
            }
            catch (ServiceBusException e) when (e.IsTransient && attempt < maxAttempts)
            {
                await Task.Delay(_retryDelay * Math.Pow(2, attempt - 1), cancellationToken);
            }
        }
    }
}
