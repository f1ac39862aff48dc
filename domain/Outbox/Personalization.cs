using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// Personalization tokens in email, SMS and alert text: <c>{{lead.FirstName}}</c> takes the person's attribute,
/// <c>{{account.Name}}</c> the account's, and <c>{{lead.FirstName:default=there}}</c> gives the text to use when it
/// is blank (its text runs to the first '}', so a token inside a default is refused at save rather than sent half as
/// text). Unknown tokens render as their default (or nothing), never as raw braces in a customer's inbox.
/// </summary>
public static partial class Personalization
{
    public static string Render(string template, IReadOnlyDictionary<string, string?>? lead, IReadOnlyDictionary<string, string?>? account = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        return Token().Replace(template, match => ValueOf(match, lead, account));
    }

    /// <summary>How long <see cref="Render"/> would make the text, measured without building it (a field may hold 30,000 characters, and a template thousands of tokens).</summary>
    public static long RenderedLength(string template, IReadOnlyDictionary<string, string?>? lead, IReadOnlyDictionary<string, string?>? account = null)
    {
        ArgumentNullException.ThrowIfNull(template);
        long length = template.Length;
        foreach (Match match in Token().Matches(template))
        {
            length += ValueOf(match, lead, account).Length - match.Length;
        }

        return length;
    }

    /// <summary>What a token stands for: the field's value, or its default when the value is blank.</summary>
    private static string ValueOf(Match match, IReadOnlyDictionary<string, string?>? lead, IReadOnlyDictionary<string, string?>? account)
    {
        IReadOnlyDictionary<string, string?>? source = match.Groups["scope"].Value == "lead" ? lead : account;
        string? value = source?.GetValueOrDefault(match.Groups["field"].Value);
        return string.IsNullOrWhiteSpace(value) ? match.Groups["default"].Value : value;
    }

    /// <summary>Whether any of <paramref name="templates"/> has an <c>{{account.Field}}</c> token (the account's fields are read only then).</summary>
    public static bool NamesAccount(params string[] templates) =>
        templates.Any(template => Token().Matches(template).Any(match => match.Groups["scope"].Value == "account"));

    /// <summary>
    /// The first <c>{{</c> that does not open a token (an unclosed brace, <c>{{my.offer}}</c>, <c>{{}}</c>, a third brace) or opens one
    /// with a <c>{{</c> in its default, with what follows it up to its <c>}}</c> (at most 40 characters), or null when
    /// there is none: such text would reach the inbox as raw braces.
    /// </summary>
    public static string? MalformedToken(string template)
    {
        ArgumentNullException.ThrowIfNull(template);
        int from = 0;
        foreach (Match? token in Token().Matches(template).Append(null))
        {
            int end = token?.Index ?? template.Length;
            // Up to the token's first brace too: a brace right before a token ({{{lead.X}}}) makes a {{ that opens none.
            int open = template.IndexOf("{{", from, Math.Min(end + 1, template.Length) - from, StringComparison.Ordinal);
            if (open < 0 && token?.Groups["default"].Value.Contains("{{", StringComparison.Ordinal) == true)
            {
                open = end; // a token inside the default ends this one early: the rest reaches the inbox as raw braces
            }

            if (open >= 0)
            {
                int close = template.IndexOf("}}", open + 2, StringComparison.Ordinal);
                string fragment = close < 0 ? template[open..] : template[open..(close + 2)];
                return fragment.Length <= 40 ? fragment : fragment[..40] + "...";
            }

            from = token is null ? end : token.Index + token.Length;
        }

        return null;
    }

    [GeneratedRegex(@"\{\{\s*(?<scope>lead|account)\.(?<field>[A-Za-z][A-Za-z0-9_]*)\s*(?::\s*default=(?<default>[^}]*))?\}\}", RegexOptions.CultureInvariant)]
    private static partial Regex Token();
}
