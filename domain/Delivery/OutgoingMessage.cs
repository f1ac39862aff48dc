using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Domain.Delivery;

/// <summary>
/// One message as a provider gets it. <paramref name="MessageId"/> is stable per (run, node, target): the email
/// <c>Message-ID</c> header, the SendGrid custom arg, the SMS's idempotency reference.
/// </summary>
public sealed partial record OutgoingMessage(string MessageId, OutboxKind Kind, string To, string? Subject, string Body)
{
    /// <summary>
    /// The subject as a mail header takes it: one line, each run of line breaks (written in the template or brought by
    /// a token's value) sent as one space, so a provider neither garbles it nor reads a break as a new header.
    /// </summary>
    public string HeaderSubject => LineBreaks().Replace(Subject ?? "", " ");

    [System.Text.RegularExpressions.GeneratedRegex(@"[\r\n]+", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex LineBreaks();
}
