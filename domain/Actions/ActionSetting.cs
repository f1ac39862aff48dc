using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys.Validation;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// One setting of an action: its name, what it holds and its bounds. The same description gives the setting's
/// validation rules (<see cref="Problems"/>, the reasons of <see cref="SettingRules"/>) and its part of the
/// generated JSON schema (<see cref="Schema"/>), so the two cannot drift apart.
/// </summary>
public sealed class ActionSetting
{
    private readonly SettingKind _kind;
    private readonly IReadOnlyList<string> _values;

    private ActionSetting(string name, SettingKind kind, string description, int maxLength = 0, IReadOnlyList<string>? values = null)
    {
        Name = name;
        _kind = kind;
        Description = description;
        MaxLength = maxLength;
        _values = values ?? [];
    }

    private enum SettingKind
    {
        Text,
        Template,
        Value,
        OptionalText,
        OneOf,
        Attribute,
        AttributeMap,
        WholeChange,
        TokenMap,
    }

    public string Name { get; }

    public string Description { get; }

    /// <summary>The most characters a text setting may have; 0 where it does not apply.</summary>
    public int MaxLength { get; }

    /// <summary>Whether the setting must be given.</summary>
    public bool Required => _kind is not (SettingKind.OptionalText or SettingKind.TokenMap);

    /// <summary>Text that must be there and not blank, at most <paramref name="maxLength"/> characters.</summary>
    public static ActionSetting Text(string name, int maxLength, string description) => new(name, SettingKind.Text, description, maxLength);

    /// <summary>
    /// Text like <see cref="Text"/> that is personalized when sent: every <c>{{</c> must open a token of
    /// <see cref="Outbox.Personalization"/>.
    /// </summary>
    public static ActionSetting Template(string name, int maxLength, string description) => new(name, SettingKind.Template, description, maxLength);

    /// <summary>The name of something (a list, an audience, a campaign ...): text of at most 100 characters.</summary>
    public static ActionSetting Name100(string name, string description) => Text(name, SettingRules.NameLength, description);

    /// <summary>Text that must be given but may be empty (an empty value clears an attribute).</summary>
    public static ActionSetting Value(string name, string description) => new(name, SettingKind.Value, description);

    /// <summary>Text that may be left out, at most <paramref name="maxLength"/> characters.</summary>
    public static ActionSetting OptionalText(string name, int maxLength, string description) => new(name, SettingKind.OptionalText, description, maxLength);

    /// <summary>One of a few values.</summary>
    public static ActionSetting OneOf(string name, IReadOnlyList<string> values, string description) => new(name, SettingKind.OneOf, description, values: values);

    /// <summary>An attribute name an action may set (a plain identifier that is not one of the engine's own).</summary>
    public static ActionSetting Attribute(string name, string description) => new(name, SettingKind.Attribute, description);

    /// <summary>An object of attribute name -> new value, with at least one attribute.</summary>
    public static ActionSetting AttributeMap(string name, string description) => new(name, SettingKind.AttributeMap, description);

    /// <summary>A signed whole number that is not 0, at most <see cref="SettingRules.MaxWholeChange"/> either way.</summary>
    public static ActionSetting WholeChange(string name, string description) => new(name, SettingKind.WholeChange, description);

    /// <summary>Optional Marketo program tokens: <c>{ "my.name": "value" }</c> (see <see cref="SettingRules.TokenMap"/>).</summary>
    public static ActionSetting TokenMap(string name, string description) => new(name, SettingKind.TokenMap, description);

    /// <summary>What is wrong with this setting in <paramref name="settings"/>, as (setting, reason).</summary>
    public IEnumerable<(string Setting, string Reason)> Problems(ActionSettings settings) => _kind switch
    {
        SettingKind.Text => SettingRules.Required(settings, Name, MaxLength),
        SettingKind.Template => SettingRules.Template(settings, Name, MaxLength),
        SettingKind.Value => SettingRules.Present(settings, Name),
        SettingKind.OptionalText => SettingRules.Optional(settings, Name, MaxLength),
        SettingKind.OneOf => SettingRules.OneOf(settings, Name, [.. _values]),
        SettingKind.Attribute => SettingRules.Attribute(settings, Name),
        SettingKind.AttributeMap => SettingRules.AttributeMap(settings, Name),
        SettingKind.WholeChange => SettingRules.WholeChange(settings, Name),
        SettingKind.TokenMap => SettingRules.TokenMap(settings, Name),
        _ => throw new InvalidOperationException($"unknown setting kind {_kind}"),
    };

    /// <summary>Text of at most <paramref name="maxLength"/> characters or a value of one of the other types: one branch per type, as strict validators refuse a list of types.</summary>
    private static JsonObject TextOr(int maxLength, params string[] otherTypes) => new()
    {
        ["anyOf"] = new JsonArray([new JsonObject { ["type"] = "string", ["maxLength"] = maxLength }, .. otherTypes.Select(type => type == "number"
            ? new JsonObject { ["type"] = type, ["description"] = $"Written in at most {maxLength} characters (a bound JSON Schema cannot state)." }
            : new JsonObject { ["type"] = type })]),
    };

    /// <summary>
    /// The setting's JSON schema, as strict as <see cref="Problems"/> but for a number's written length (bounded by
    /// the server, 30,000 characters, a bound JSON Schema cannot state).
    /// </summary>
    public JsonObject Schema()
    {
        JsonObject schema = _kind switch
        {
            SettingKind.Text or SettingKind.Template => new() { ["type"] = "string", ["minLength"] = 1, ["maxLength"] = MaxLength, ["pattern"] = SettingRules.NotBlankPattern },
            SettingKind.Value => new() { ["type"] = "string", ["maxLength"] = JourneyLimits.Default.MaxSettingTextLength },
            SettingKind.OptionalText => new() { ["type"] = "string", ["maxLength"] = MaxLength },
            SettingKind.OneOf => new() { ["enum"] = new JsonArray([.. _values.Select(v => (JsonNode)v)]) },
            SettingKind.Attribute => AttributeName(new JsonObject { ["type"] = "string" }),
            SettingKind.AttributeMap => new()
            {
                ["type"] = "object",
                ["minProperties"] = 1,
                ["maxProperties"] = SettingRules.MaxAttributes,
                ["propertyNames"] = AttributeName([]),
                ["additionalProperties"] = TextOr(JourneyLimits.Default.MaxSettingTextLength, "number", "boolean", "null"),
            },
            SettingKind.WholeChange => new()
            {
                ["type"] = "integer",
                ["minimum"] = -SettingRules.MaxWholeChange,
                ["maximum"] = SettingRules.MaxWholeChange,
                ["not"] = new JsonObject { ["const"] = 0 },
            },
            SettingKind.TokenMap => new()
            {
                ["type"] = "object",
                ["maxProperties"] = SettingRules.MaxTokens,
                ["propertyNames"] = new JsonObject { ["pattern"] = SettingRules.TokenPattern },
                ["additionalProperties"] = TextOr(SettingRules.TokenValueLength, "number"),
            },
            _ => throw new InvalidOperationException($"unknown setting kind {_kind}"),
        };
        var described = new JsonObject { ["description"] = Description };
        foreach (string property in schema.Select(p => p.Key).ToList())
        {
            JsonNode? value = schema[property];
            schema.Remove(property);
            described[property] = value;
        }

        return described;
    }

    private static JsonObject AttributeName(JsonObject schema)
    {
        schema["pattern"] = SettingRules.AttributePattern;
        schema["not"] = new JsonObject { ["pattern"] = SettingRules.ReservedAttributePattern };
        return schema;
    }
}
