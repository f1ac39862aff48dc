using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Outbox;

/// <summary>Phone numbers an SMS can go to: E.164 (8-15 digits, optional '+'), written with or without spaces, dashes, dots or parentheses.</summary>
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

    [GeneratedRegex(@"^\+?[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
