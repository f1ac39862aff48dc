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

    /// <summary>
    /// Sends the dispatcher has in flight to this provider at once, all batches of a process together: a send waits
    /// for one of these before its batch's time budget is checked, not behind the provider's own pool. HTTP
    /// providers take as many as 16 batches x 4 sends.
    /// </summary>
    int SendsAtOnce => 64;

    Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken);
}
