using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Delivery;

/// <summary>Which outbox kinds travel as email and which as SMS.</summary>
public static class MessageKinds
{
    /// <summary>Marketing emails and sales alerts (an alert is an email to the account's sales owner).</summary>
    public static IReadOnlySet<OutboxKind> Email { get; } = new HashSet<OutboxKind> { OutboxKind.Email, OutboxKind.SalesAlert };

    public static IReadOnlySet<OutboxKind> Sms { get; } = new HashSet<OutboxKind> { OutboxKind.Sms };
}
