namespace JourneyFunctions.Email;

/// <summary>The SendGrid Web API account emails are sent with.</summary>
public sealed class SendGridOptions
{
    public required string ApiKey { get; init; }

    /// <summary>The API's base URL (<c>https://api.sendgrid.com</c>; the EU subuser host or a test fake otherwise).</summary>
    public Uri BaseUrl { get; init; } = new("https://api.sendgrid.com");

    public required string From { get; init; }
}
