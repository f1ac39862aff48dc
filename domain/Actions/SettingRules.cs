using JourneyFunctions.Domain.Json;
using System.Globalization;
using System.Text.RegularExpressions;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Journeys.Validation;

namespace JourneyFunctions.Domain.Actions;

/// <summary>The building blocks of action settings rules: each yields (setting, reason) for what is wrong.</summary>
public static partial class SettingRules
{
    /// <summary>Properties the engine keeps for itself; actions may not set them.</summary>
    private static readonly HashSet<string> Reserved = new(StringComparer.OrdinalIgnoreCase)
    {
        "PartitionKey", "RowKey", "Timestamp", "ChangeVersion", MembershipColumns.Member,
        // Kept by the unsubscribe flows as a flag: a journey setting it to text would unsubscribe nobody.
        People.PersonFields.Unsubscribed,
        // Kept by changeScore so a retry scores no one twice.
        People.PersonFields.ScoreEffects,
    };

    /// <summary>The most characters of a name that becomes part of a storage key.</summary>
    public const int NameLength = 100;

    /// <summary>The most attributes one profile update sets: a stored row holds at most 252 columns in Azure Tables, its own among them.</summary>
    public const int MaxAttributes = 100;

    /// <summary>
    /// Keys of a map setting longer than this are named by the action's bounds check (<c>ActionNodeRule</c>, the journey
    /// limits' short text), once and shortened: the map rules leave them out.
    /// </summary>
    private const int LongKey = 128;

    /// <summary>The JSON schema pattern of text that is not blank.</summary>
    public const string NotBlankPattern = "\\S";

    /// <summary>The JSON schema pattern of an attribute name (see <see cref="Attribute"/>).</summary>
    public const string AttributePattern = "^" + AttributeChars + "$";

    private const string AttributeChars = "[A-Za-z][A-Za-z0-9_]{0,127}";

    /// <summary>The JSON schema pattern matching the reserved attribute names in any letter case.</summary>
    public static string ReservedAttributePattern { get; } =
        "^(" + string.Join("|", Reserved.Order(StringComparer.Ordinal).Select(name => string.Concat(name.Select(c => char.IsLetter(c) ? $"[{char.ToUpperInvariant(c)}{char.ToLowerInvariant(c)}]" : c.ToString())))) + ")$";

    /// <summary>A text setting that must be there and not blank, at most <paramref name="maxLength"/> characters.</summary>
    public static IEnumerable<(string, string)> Required(ActionSettings settings, string name, int maxLength = 255)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? text = settings.Text(name);
        if (BlankText.IsBlank(text))
        {
            yield return (name, Missing(settings, name));
        }
        else if (text.Length > maxLength)
        {
            yield return (name, $"must be at most {maxLength} characters (got {text.Length})");
        }
    }

    /// <summary>Required text whose every <c>{{</c> opens a personalization token (see <see cref="Outbox.Personalization"/>).</summary>
    public static IEnumerable<(string, string)> Template(ActionSettings settings, string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(settings);
        List<(string, string)> problems = [.. Required(settings, name, maxLength)];
        if (problems.Count == 0 && Outbox.Personalization.MalformedToken(settings.Text(name)!) is { } malformed)
        {
            problems.Add((name, $"'{malformed}' is not a token: write {{{{lead.Field}}}} or {{{{account.Field}}}}, optionally with :default=text, e.g. {{{{lead.FirstName:default=there}}}}"));
        }

        return problems;
    }

    /// <summary>A text setting that may be blank but must be present (an empty value clears an attribute).</summary>
    public static IEnumerable<(string, string)> Present(ActionSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Text(name) is null)
        {
            yield return (name, settings.Has(name) ? "must be text (a JSON string; use \"\" to clear the value)" : "is required (use \"\" to clear the value)");
        }
    }

    /// <summary>An optional text setting of at most <paramref name="maxLength"/> characters.</summary>
    public static IEnumerable<(string, string)> Optional(ActionSettings settings, string name, int maxLength)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? value = settings.Text(name);
        if (value is null && settings.Has(name))
        {
            yield return (name, "must be text");
        }
        else if (value is not null && value.Length > maxLength)
        {
            yield return (name, $"must be at most {maxLength} characters (got {value.Length})");
        }
    }

    /// <summary>A required setting that takes one of a few values.</summary>
    public static IEnumerable<(string, string)> OneOf(ActionSettings settings, string name, params string[] allowed)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!allowed.Contains(settings.Text(name), StringComparer.Ordinal))
        {
            string choice = $"one of {string.Join(", ", allowed)}";
            yield return (name, settings.Has(name) ? $"must be {choice}" : $"is required: {choice}");
        }
    }

    /// <summary>An attribute name the action may set: a plain identifier that is not one of the engine's own.</summary>
    public static IEnumerable<(string, string)> Attribute(ActionSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        string? attribute = settings.Text(name);
        if (BlankText.IsBlank(attribute))
        {
            yield return (name, Missing(settings, name));
        }
        else if (AttributeProblem(attribute) is { } problem)
        {
            yield return (name, problem);
        }
    }

    /// <summary>An object of attribute -> new value with at least one entry, each attribute valid and each value plain (text, a number, true/false or null).</summary>
    public static IEnumerable<(string, string)> AttributeMap(ActionSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        IReadOnlyDictionary<string, string?>? map = settings.Map(name);
        if (map is null || map.Count == 0)
        {
            yield return (name, "is required: an object of attribute name -> new value, with at least one attribute");
            yield break;
        }

        if (map.Count > MaxAttributes)
        {
            yield return (name, $"may set at most {MaxAttributes} attributes at once (got {map.Count})");
        }

        foreach (string attribute in map.Keys.Where(key => key.Length <= LongKey))
        {
            if (AttributeProblem(attribute) is { } problem)
            {
                yield return ($"{name}.{attribute}", problem);
            }
        }

        foreach (string attribute in settings.NestedMembers(name))
        {
            yield return ($"{name}.{attribute}", "must be text, a number, true/false or null, not an object or a list");
        }
    }

    /// <summary>Exactly one of several ways to give a setting (e.g. an existing audience, or a new one).</summary>
    public static IEnumerable<(string, string)> ExactlyOne(ActionSettings settings, params string[] names)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count(settings.Has) != 1)
        {
            yield return (names[0], $"give either {string.Join(" or ", names.Select(n => $"'{n}'"))}, not both or neither");
        }
    }

    /// <summary>
    /// The largest change a whole-number setting takes either way: Marketo keeps scores as whole numbers (an integer
    /// field, at most 2,147,483,647), and a change of a million already moves any real score past every threshold.
    /// </summary>
    public const int MaxWholeChange = 1_000_000;

    /// <summary>A signed whole number that is not 0, within <see cref="MaxWholeChange"/> (a change to add).</summary>
    public static IEnumerable<(string, string)> WholeChange(ActionSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        double? change = settings.Number(name);
        if (change is null)
        {
            yield return (name, settings.Has(name) ? "must be a JSON number such as 10 or -5 (not text, true/false, an array or an object)" : "is required: a signed whole number such as 10 or -5");
        }
        else if (!settings.IsWholeNumber(name) || Math.Abs(change.Value) > MaxWholeChange)
        {
            // Decided on the digits before the zero check: 5e-400 reads as 0 but is no whole number as written.
            yield return (name, string.Create(CultureInfo.InvariantCulture, $"must be a whole number from -{MaxWholeChange:N0} to {MaxWholeChange:N0} (got {ValidationContext.Echo(settings.NumberAsWritten(name))})"));
        }
        else if (change == 0)
        {
            yield return (name, "must not be 0");
        }
    }

    /// <summary>Why a text setting is missing: absent or blank, or given as another JSON type.</summary>
    private static string Missing(ActionSettings settings, string name) =>
        settings.Has(name) && settings.Text(name) is null ? "must be text (a JSON string)" : "is required";

    private static string? AttributeProblem(string attribute) =>
        !AttributeName().IsMatch(attribute) ? $"'{attribute}' is not a valid attribute name (a letter, then letters, digits or '_', at most 128)"
        : Reserved.Contains(attribute) ? $"'{attribute}' is kept by the engine and cannot be set by an action"
        : null;

    // The schema's patterns end in $; .NET's $ also matches before a final newline, so these end in \z.
    [GeneratedRegex("^" + AttributeChars + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex AttributeName();

    /// <summary>The JSON schema pattern of a Marketo program token name as a setting gives it: <c>my.</c> and its name.</summary>
    public const string TokenPattern = "^" + TokenNamePart + "$";

    private const string TokenNamePart = "my\\.[A-Za-z0-9_\\-]{1,50}";

    /// <summary>The most tokens one setting may give.</summary>
    public const int MaxTokens = 20;

    /// <summary>The most characters of one token value.</summary>
    public const int TokenValueLength = 1000;

    /// <summary>
    /// An optional map of Marketo program tokens: at most <see cref="MaxTokens"/>, names <c>my.name</c> (letters,
    /// digits, '_' or '-', at most 50), values text (or a number) of at most <see cref="TokenValueLength"/> characters.
    /// </summary>
    public static IEnumerable<(string, string)> TokenMap(ActionSettings settings, string name)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!settings.Has(name))
        {
            yield break;
        }

        IReadOnlyDictionary<string, string?>? map = settings.Map(name, textAndNumbersOnly: true);
        if (map is null || map.Count > MaxTokens)
        {
            yield return (name, $"must be an object of at most {MaxTokens} tokens: \"my.name\" -> text");
            yield break;
        }

        foreach ((string token, string? value) in map.Where(token => token.Key.Length <= LongKey))
        {
            if (!TokenName().IsMatch(token))
            {
                yield return ($"{name}.{token}", $"'{token}' is not a token name (my. then letters, digits, '_' or '-', at most 50)");
            }
            else if (value is null || value.Length > TokenValueLength)
            {
                yield return ($"{name}.{token}", $"must be text or a number, at most {TokenValueLength} characters");
            }
        }
    }

    [GeneratedRegex("^" + TokenNamePart + "\\z", RegexOptions.CultureInvariant)]
    private static partial Regex TokenName();
}
