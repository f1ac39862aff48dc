namespace JourneyFunctions.Domain.Delivery;

/// <summary>Where one message (run, node, target) stands in the send ledger.</summary>
public enum DeliveryStatus
{
    /// <summary>Claimed by a dispatcher that is sending it now (until its lease ends).</summary>
    Sending,

    /// <summary>Accepted by the provider; the provider's message id is kept.</summary>
    Sent,

    /// <summary>Refused or bounced by the provider for a reason that a retry cannot fix (kept); never retried.</summary>
    Refused,

    /// <summary>A transient error (throttling, 5xx, connection); another attempt is queued.</summary>
    Retrying,

    /// <summary>Transient errors on every one of <c>DeliveryLedger.MaxAttempts</c> attempts; not retried again.</summary>
    Failed,

    /// <summary>Not sent: the target has no address, or (a marketing email) unsubscribed after the email was queued.</summary>
    Skipped,

    /// <summary>No provider is configured for this kind of message (no credentials); kept so nothing is dropped silently.</summary>
    NotConfigured,
}
