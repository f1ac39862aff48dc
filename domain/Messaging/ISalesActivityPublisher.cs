using JourneyFunctions.Domain.SalesActivities;

namespace JourneyFunctions.Domain.Messaging;

/// <summary>
/// Publishes recorded sales activities to every subscriber: Service Bus in Azure
/// (<c>ServiceBusSalesActivityPublisher</c>), storage queues on the local host (<c>QueueSalesActivityPublisher</c>).
/// Publishing the same activity again is harmless: subscribers are idempotent by activity id.
/// </summary>
public interface ISalesActivityPublisher
{
    Task PublishAsync(IReadOnlyList<SalesActivity> activities, CancellationToken cancellationToken);
}
