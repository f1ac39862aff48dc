namespace JourneyFunctions.Domain.Delivery;

/// <summary>What a provider said about one message.</summary>
public sealed record SendOutcome(DeliveryStatus Status, string? ProviderMessageId = null, string? Reason = null, TimeSpan? RetryAfter = null)
{
    public static SendOutcome Sent(string? providerMessageId) => new(DeliveryStatus.Sent, providerMessageId);

    public static SendOutcome Refused(string reason) => new(DeliveryStatus.Refused, Reason: reason);

    public static SendOutcome Transient(string reason, TimeSpan? retryAfter = null) => new(DeliveryStatus.Retrying, Reason: reason, RetryAfter: retryAfter);

    /// <summary>
    /// A send that may have reached the provider although it was not confirmed (an SMTP relay silent after the whole
    /// message): transient for the dispatcher, which tries it again at the message's next attempt, but not tried
    /// again within the send (<see cref="SendRetry"/>), where each try could deliver one more copy.
    /// </summary>
    public static SendOutcome Unconfirmed(string reason) => new(DeliveryStatus.Retrying, Reason: reason) { RetryWithinSend = false };

    /// <summary>
    /// An HTTP provider's request that got no answer: transient when it never reached the provider (no connection was
    /// made), else <see cref="Unconfirmed"/>, since a timeout or a dropped connection can come after the provider took it.
    /// </summary>
    public static SendOutcome NoAnswer(string provider, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return error is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError or HttpRequestError.ProxyTunnelError }
            ? Transient($"{provider} unreachable: {error.Message}")
            : Unconfirmed($"{provider} gave no answer ({error.Message}); it may have taken the message");
    }

    /// <summary>Whether <see cref="SendRetry"/> may try a transient outcome again within the same send.</summary>
    public bool RetryWithinSend { get; init; } = true;

    public static SendOutcome NotConfigured(string reason) => new(DeliveryStatus.NotConfigured, Reason: reason);
}
