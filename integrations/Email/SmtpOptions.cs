namespace JourneyFunctions.Email;

/// <summary>An SMTP relay (an ESP's, or smtp4dev on 127.0.0.1:2525 locally).</summary>
public sealed class SmtpOptions
{
    public required string Host { get; init; }

    public int Port { get; init; } = 2525;

    /// <summary><c>none</c> (plain, local only), <c>starttls</c> (the usual relay on 587) or <c>ssl</c> (465).</summary>
    public string Security { get; init; } = "none";

    public string? UserName { get; init; }

    public string? Password { get; init; }

    /// <summary>The sender address; its domain also names the Message-ID.</summary>
    public required string From { get; init; }

    /// <summary>Connections kept open to the relay; sends beyond it wait for one (smtp4dev here took 60 emails/s on one, 110-180 on 4-16).</summary>
    public int MaxConnections { get; init; } = 8;
}
