namespace JourneyFunctions.Domain.Delivery;

/// <summary>What a provider said about one message.</summary>
public sealed record SendOutcome(DeliveryStatus Status, string? ProviderMessageId = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static SendOutcome Sent(string? providerMessageId) => new(DeliveryStatus.Sent, providerMessageId);

    public static SendOutcome Refused(string reason) => new(DeliveryStatus.Refused, Reason: reason);

    public static SendOutcome Transient(string reason, TimeSpan? retryAfter = null) => new(DeliveryStatus.Retrying, Reason: reason, RetryAfter: retryAfter);

    public static SendOutcome NotConfigured(string reason) => new(DeliveryStatus.NotConfigured, Reason: reason);
}
