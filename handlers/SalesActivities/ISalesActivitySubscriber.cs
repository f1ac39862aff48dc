namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// A subscriber of the <c>sales-activities</c> topic, handling one message body. Locally its storage queue trigger
/// calls it; in Azure the Service Bus processor (<see cref="ServiceBusSubscriptionService"/>) does. It is idempotent,
/// and throws <see cref="InvalidDataException"/> for a message that can never succeed.
/// </summary>
public interface ISalesActivitySubscriber
{
    /// <summary>The topic subscription it reads.</summary>
    string Subscription { get; }

    Task HandleAsync(string message, CancellationToken cancellationToken);
}
