using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// Guards every user-supplied id before it becomes a PartitionKey or RowKey:
/// Azure Tables forbid '/', '\', '#', '?' and control characters, and we keep ids short and plain.
/// </summary>
public static partial class TableKey
{
    /// <summary>What <see cref="IsValid"/> takes, in the words an error message uses.</summary>
    public const string Rule = "1-128 characters of ASCII letters, digits, '-', '_', '.', '@' or ':' (not '.' or '..' alone)";

    /// <summary>
    /// True when <paramref name="value"/> is 1-128 characters of letters, digits, '-', '_', '.', '@' or ':', and not
    /// <c>.</c> or <c>..</c>: ids stand in URL paths (<c>runs/{runId}/nodes/{nodeId}/...</c>), where those two are
    /// path steps that every HTTP stack resolves away, even percent-encoded, so such an id could never be asked for.
    /// </summary>
    public static bool IsValid(string? value) => value is not null and not "." and not ".." && SafeKey().IsMatch(value);

    /// <summary>
    /// True when Azure Tables can store <paramref name="value"/> as a key: 1-512 characters (its 1 KiB in UTF-16),
    /// none of them '/', '\', '#', '?' or a control character. Ids another system made (Marketo IDs in the marketing
    /// store) may be such keys without being plain ones (<see cref="IsValid"/>).
    /// </summary>
    public static bool IsStorable(string? value) =>
        value is { Length: > 0 and <= 512 } && !value.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));

    /// <summary>Returns <paramref name="value"/> or throws <see cref="ArgumentException"/> naming <paramref name="what"/>.</summary>
    public static string Require(string? value, string what) =>
        IsValid(value)
            ? value!
            : throw new ArgumentException($"{what} must be {Rule} (got '{value}').", what);

    /// <summary>How a name's key starts when it is the name's hash (<see cref="ForName"/>); no escaped name starts so.</summary>
    public const string HashedNamePrefix = "_h";

    /// <summary>
    /// A key for a user-visible name (a list or audience name may hold spaces and any character): characters a plain
    /// key allows stay, every other one (and '_' itself) becomes <c>_XXXX</c> (upper-case hex), so distinct names get
    /// distinct keys. A name whose escaped key would pass 128 characters (26 characters such as 'é' or '#' escape to
    /// more, within the 100 a name may hold) is <c>_h</c> and its SHA-256 in lower-case hex, which no escaped name is.
    /// </summary>
    /// <returns>The key, or null when the name is empty.</returns>
    public static string? ForName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            return null;
        }

        var key = new System.Text.StringBuilder(name.Length);
        foreach (char c in name)
        {
            if (char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '@' or ':')
            {
                key.Append(c);
            }
            else
            {
                key.Append('_').Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return key.Length <= 128 ? key.ToString() : HashedNamePrefix + StableId.Of(name);
    }

    // \z, not $: in .NET $ also matches before a final newline, which would let "id\n" through.
    [GeneratedRegex("^[A-Za-z0-9_\\-\\.@:]{1,128}\\z", RegexOptions.CultureInvariant)]
    private static partial Regex SafeKey();
}
