using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Delivery;

/// <summary>
/// One message as a provider gets it. <paramref name="MessageId"/> is stable per (run, node, target): the email
/// <c>Message-ID</c> header, the SendGrid custom arg, the SMS's idempotency reference.
/// </summary>
public sealed record OutgoingMessage(string MessageId, OutboxKind Kind, string To, string? Subject, string Body);
