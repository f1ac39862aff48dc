namespace JourneyFunctions.Sms;

/// <summary>Twilio answered 429 or 5xx: worth another try, after <see cref="RetryAfter"/> when Twilio said so.</summary>
public sealed class TwilioTransientException(string message, TimeSpan? retryAfter) : Exception(message)
{
    public TimeSpan? RetryAfter { get; } = retryAfter;
}
