namespace JourneyFunctions.Sms;

/// <summary>The Twilio account SMS are sent from.</summary>
public sealed class TwilioOptions
{
    public required string AccountSid { get; init; }

    public required string AuthToken { get; init; }

    /// <summary>The sending number (E.164) or messaging service's number.</summary>
    public required string From { get; init; }

    /// <summary>The API's base URL (<c>https://api.twilio.com</c>; a test fake otherwise).</summary>
    public Uri BaseUrl { get; init; } = new("https://api.twilio.com");
}
