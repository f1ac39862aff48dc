using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Delivery;

/// <summary>
/// One provider's client (SMTP, SendGrid, Twilio): it owns the provider's limits and in-call retries and answers
/// with an outcome instead of throwing for anything the provider said.
/// </summary>
public interface IMessageSender
{
    /// <summary>The kinds of message this sender delivers.</summary>
    IReadOnlySet<OutboxKind> Kinds { get; }

    Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
