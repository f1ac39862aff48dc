using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Delivery;

/// <summary>
/// Stands in for a provider whose settings are missing (no SendGrid key, no Twilio account): every message is
/// recorded as <see cref="DeliveryStatus.NotConfigured"/> with the reason, never dropped silently.
/// </summary>
public sealed class NotConfiguredSender(IReadOnlySet<OutboxKind> kinds, string reason) : IMessageSender
{
    public IReadOnlySet<OutboxKind> Kinds { get; } = kinds;

    public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken) =>
        Task.FromResult(SendOutcome.NotConfigured(reason));
}
