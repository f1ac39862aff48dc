using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// Personalization tokens in email, SMS and alert text: <c>{{lead.FirstName}}</c> takes the person's attribute,
/// <c>{{account.Name}}</c> the account's, and <c>{{lead.FirstName:default=there}}</c> gives the text to use when it
/// is blank. Unknown tokens render as their default (or nothing), never as raw braces in a customer's inbox.
/// </summary>
public static partial class Personalization
{
    public static string Render(string template, IReadOnlyDictionary<string, string?>? lead, IReadOnlyDictionary<string, string?>? account = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Token().Replace(template, match =>
        {
            IReadOnlyDictionary<string, string?>? source = match.Groups["scope"].Value == "lead" ? lead : account;
            string? value = source?.GetValueOrDefault(match.Groups["field"].Value);
            return string.IsNullOrWhiteSpace(value) ? match.Groups["default"].Value : value;
        });
    }

    [GeneratedRegex(@"\{\{\s*(?<scope>lead|account)\.(?<field>[A-Za-z][A-Za-z0-9_]*)\s*(?::\s*default=(?<default>[^}]*))?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
