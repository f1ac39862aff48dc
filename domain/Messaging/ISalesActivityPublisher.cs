using JourneyFunctions.Domain.SalesActivities;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>
/// Publishes recorded sales activities to every subscriber: Service Bus in Azure
/// (<see cref="ServiceBusSalesActivityPublisher"/>), storage queues on the local host (<see cref="QueueSalesActivityPublisher"/>).
/// Publishing the same activity again is harmless: subscribers are idempotent by activity id.
/// </summary>
public interface ISalesActivityPublisher
{
    Task PublishAsync(IReadOnlyList<SalesActivity> activities, CancellationToken cancellationToken);
}
