using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Storage.Messaging;

/// <summary>
/// The local transport: a copy of each activity on every subscription's storage queue, read by the queue triggers.
/// Storage queues have no duplicate detection; the subscribers' idempotence covers it.
/// </summary>
public sealed class QueueSalesActivityPublisher(StorageAccount storage) : ISalesActivityPublisher
{
    public async Task PublishAsync(IReadOnlyList<SalesActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        IEnumerable<(string Queue, string Body)> sends = SalesActivityTopic.Subscriptions
            .SelectMany(s => activities.Select(a => (SalesActivityTopic.QueueOf(s), SalesActivityMessage.Serialize(a))));
        await Parallel.ForEachAsync(sends, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (send, ct) =>
            await storage.Queue(send.Queue).SendMessageAsync(send.Body, ct));
    }
}
