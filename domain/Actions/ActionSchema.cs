using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys.Validation;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// The action part of the journey JSON schema (<c>$defs/action</c> of <c>docs/journey.schema.json</c>), generated
/// from <see cref="ActionCatalog"/>: the action types, and per type its settings with their types, bounds, required
/// ones and alternatives. <c>scripts/schema.sh</c> writes it; a test fails when the committed file differs.
/// </summary>
public static class ActionSchema
{
    /// <summary>Where the generated part lives in the schema.</summary>
    public const string DefinitionName = "action";

    /// <summary>Longest line the writer keeps an object or array on.</summary>
    private const int LineWidth = 120;

    private static readonly JsonSerializerOptions Scalars = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The schema of an action node's <c>action</c> and <c>settings</c>.</summary>
    public static JsonObject Generate() => new()
    {
        ["description"] = "Generated from the action registry (scripts/schema.sh): do not edit by hand.",
        ["type"] = "object", // the node's type, said again so strict validators (ajv's strictTypes) see it in every branch
        ["required"] = new JsonArray("action"),
        ["properties"] = new JsonObject
        {
            ["action"] = new JsonObject { ["enum"] = new JsonArray([.. ActionCatalog.All.Select(a => (JsonNode)a.Type)]) },
            ["settings"] = new JsonObject { ["type"] = "object", ["maxProperties"] = JourneyLimits.Default.MaxSettingsPerAction },
        },
        ["allOf"] = new JsonArray([.. ActionCatalog.All.Select(Rule)]),
    };

    /// <summary>
    /// The schema text with its action part replaced by the generated one. The part is the last entry of
    /// <c>$defs</c>, which is the schema's last member, so everything before it is kept as written.
    /// </summary>
    public static string Update(string schemaJson)
    {
        ArgumentNullException.ThrowIfNull(schemaJson);
        const string Marker = "\n    \"" + DefinitionName + "\": ";
        int at = schemaJson.LastIndexOf(Marker, StringComparison.Ordinal);
        if (at < 0)
        {
            throw new InvalidOperationException($"The schema has no \"{DefinitionName}\" entry at the end of $defs (4 spaces in) to write.");
        }

        var text = new StringBuilder(schemaJson[..(at + Marker.Length)]);
        Write(text, Generate(), 4, Marker.Length - 1);
        string updated = text.Append("\n  }\n}\n").ToString();
        if (!JsonNode.DeepEquals(WithoutActions(schemaJson), WithoutActions(updated)))
        {
            throw new InvalidOperationException($"\"{DefinitionName}\" must be the last entry of $defs, and $defs the schema's last member.");
        }

        return updated;
    }

    /// <summary>The committed action part of a schema, or null.</summary>
    public static JsonNode? ActionsOf(string schemaJson) => JsonNode.Parse(schemaJson ?? "{}")?["$defs"]?[DefinitionName];

    private static JsonNode? WithoutActions(string schemaJson)
    {
        JsonNode? schema = JsonNode.Parse(schemaJson);
        schema?["$defs"]?.AsObject().Remove(DefinitionName);
        return schema;
    }

    private static JsonObject Rule(ActionDefinition action)
    {
        IReadOnlyList<ActionSetting> all = [.. action.Settings, .. action.Alternatives.SelectMany(a => a)];
        var settings = new JsonObject
        {
            ["description"] = $"{action.Type} ({action.Scope.ToString().ToLowerInvariant()} action): {action.Summary}",
            ["type"] = "object",
            ["properties"] = new JsonObject(all.Select(s => KeyValuePair.Create(s.Name, (JsonNode?)s.Schema()))),
        };
        string[] required = [.. action.Settings.Where(s => s.Required).Select(s => s.Name)];
        if (required.Length > 0)
        {
            settings["required"] = new JsonArray([.. required.Select(r => (JsonNode)r)]);
        }

        if (action.Alternatives.Count > 0)
        {
            // Each branch names its setting under properties too (as anything): strict validators (ajv's strictRequired) refuse a required name a branch does not define.
            settings["oneOf"] = new JsonArray([.. action.Alternatives.Select(a => (JsonNode)new JsonObject
            {
                ["required"] = new JsonArray(a[0].Name),
                ["properties"] = new JsonObject { [a[0].Name] = true },
            })]);
            var dependent = new JsonObject();
            foreach (IReadOnlyList<ActionSetting> alternative in action.Alternatives.Where(a => a.Skip(1).Any(s => s.Required)))
            {
                dependent[alternative[0].Name] = new JsonArray([.. alternative.Skip(1).Where(s => s.Required).Select(s => (JsonNode)s.Name)]);
            }

            if (dependent.Count > 0)
            {
                settings["dependentRequired"] = dependent;
            }
        }

        var then = new JsonObject { ["properties"] = new JsonObject { ["settings"] = settings } };
        if (required.Length > 0 || action.Alternatives.Count > 0)
        {
            then["required"] = new JsonArray("settings");
        }

        return new JsonObject
        {
            // "required": an if over properties alone holds when the member is missing, and every branch would then apply
            ["if"] = new JsonObject { ["required"] = new JsonArray("action"), ["properties"] = new JsonObject { ["action"] = new JsonObject { ["const"] = action.Type } } },
            ["then"] = then,
        };
    }

    /// <summary>Writes <paramref name="node"/> on one line where it fits, else one member or item per line.</summary>
    private static void Write(StringBuilder text, JsonNode? node, int indent, int prefix)
    {
        string inline = Inline(node);
        if (indent + prefix + inline.Length <= LineWidth || node is not (JsonObject or JsonArray))
        {
            text.Append(inline);
            return;
        }

        string pad = new(' ', indent + 2);
        if (node is JsonArray scalars && scalars.All(v => v is JsonValue))
        {
            // A long list of values (an enum) fills its lines rather than taking one line each.
            text.Append("[\n").Append(pad);
            int column = indent + 2;
            for (int i = 0; i < scalars.Count; i++)
            {
                string item = Inline(scalars[i]) + (i < scalars.Count - 1 ? "," : "");
                if (i > 0 && column + 1 + item.Length > LineWidth)
                {
                    text.Append('\n').Append(pad);
                    column = indent + 2;
                }
                else if (i > 0)
                {
                    text.Append(' ');
                    column++;
                }

                text.Append(item);
                column += item.Length;
            }

            text.Append('\n').Append(' ', indent).Append(']');
            return;
        }

        bool isObject = node is JsonObject;
        text.Append(isObject ? "{\n" : "[\n");
        IEnumerable<(string? Key, JsonNode? Value)> children = isObject
            ? node.AsObject().Select(p => ((string?)p.Key, p.Value))
            : node.AsArray().Select(v => ((string?)null, v));
        bool first = true;
        foreach ((string? key, JsonNode? value) in children)
        {
            text.Append(first ? "" : ",\n").Append(pad);
            first = false;
            string label = key is null ? "" : JsonSerializer.Serialize(key, Scalars) + ": ";
            text.Append(label);
            Write(text, value, indent + 2, label.Length);
        }

        text.Append('\n').Append(' ', indent).Append(isObject ? '}' : ']');
    }

    private static string Inline(JsonNode? node) => node switch
    {
        JsonObject o when o.Count == 0 => "{}",
        JsonObject o => "{ " + string.Join(", ", o.Select(p => JsonSerializer.Serialize(p.Key, Scalars) + ": " + Inline(p.Value))) + " }",
        JsonArray a => "[" + string.Join(", ", a.Select(Inline)) + "]",
        null => "null",
        _ => node.ToJsonString(Scalars),
    };
}
