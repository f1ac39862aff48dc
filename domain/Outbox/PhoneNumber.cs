using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// Phone numbers an SMS can go to: E.164, a '+', the country code and 8-15 digits in all (what Twilio accepts as a
/// recipient), written with or without white space, dashes, dots or parentheses. A number without its country code is not
/// guessed at: the person is skipped as having no valid phone number.
/// </summary>
public static partial class PhoneNumber
{
    /// <summary>The number in plain form, or null when it cannot receive an SMS.</summary>
    public static string? Normalize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        string plain = Separators().Replace(text.Trim(), "");
        return E164().IsMatch(plain) ? plain : null;
    }

    [GeneratedRegex(@"[\s\-\.\(\)]", RegexOptions.CultureInvariant)]
    private static partial Regex Separators();

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
