using MimeKit;

namespace JourneyFunctions.Email;

/// <summary>
/// What the <c>EmailFromAddress</c> setting must be for both email clients: one plain address (<c>name@domain</c>, no
/// display name, no angle brackets, no white space), as MimeKit parses it for SMTP and SendGrid takes it as an address.
/// </summary>
public static class SenderAddress
{
    public static bool IsPlain(string? value) =>
        value is not null
        && MailboxAddress.TryParse(value, out MailboxAddress? mailbox)
        && string.IsNullOrEmpty(mailbox.Name)
        && mailbox.LocalPart.Length > 0 && mailbox.Domain.Length > 0
        && string.Equals(mailbox.Address, value, StringComparison.Ordinal);
}
