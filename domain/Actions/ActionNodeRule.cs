using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Journeys.Validation;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// Action: a known, current action type; settings within the generic bounds (count, text length, finite numbers),
/// then the action's own rules.
/// </summary>
public sealed class ActionNodeRule : NodeRule
{
    public override JourneyNodeType Type => JourneyNodeType.Action;

    public override void CheckSettings(JourneyNode node, ValidationContext context)
    {
        ArgumentNullException.ThrowIfNull(node);
        ArgumentNullException.ThrowIfNull(context);
        if (node.Action is not null && ActionCatalog.Deprecated.TryGetValue(node.Action, out string? why))
        {
            context.Add(node.Id, "action", why);
            return;
        }

        if (ActionCatalog.Find(node.Action) is not { } action)
        {
            context.Add(node.Id, "action", node.Action is null ? "is required: the action type, e.g. changeScore" : $"unknown action type '{ValidationContext.Echo(node.Action)}'");
            return;
        }

        if (!WithinBounds(node, context))
        {
            return; // the action's rules read settings as typed values, which these bounds guarantee
        }

        foreach ((string setting, string reason) in action.Rules(new ActionSettings(node.Settings)))
        {
            context.Add(node.Id, setting, reason);
        }
    }

    /// <summary>At most so many settings, every text within a table property, every number finite: walked without recursion.</summary>
    private static bool WithinBounds(JourneyNode node, ValidationContext context)
    {
        IReadOnlyDictionary<string, JsonElement> settings = node.Settings ?? new Dictionary<string, JsonElement>();
        // A setting given as null is absent (it is not stored), so it does not count.
        int given = settings.Count(s => s.Value.ValueKind != JsonValueKind.Null);
        if (given > context.Limits.MaxSettingsPerAction)
        {
            context.Add(node.Id, "settings", $"may hold at most {context.Limits.MaxSettingsPerAction} settings (got {given})");
            return false;
        }

        int before = context.Problems.Count;
        var pending = new Stack<(string Field, JsonElement Value)>(settings.Select(s => (s.Key, s.Value)));
        var longKeys = new List<(string Field, int Length)>();
        while (pending.TryPop(out (string Field, JsonElement Value) item))
        {
            JsonElement value = item.Value;
            switch (value.ValueKind)
            {
                case JsonValueKind.String when value.GetString()!.Length > context.Limits.MaxSettingTextLength:
                    context.Add(node.Id, item.Field, $"must be at most {context.Limits.MaxSettingTextLength} characters (got {value.GetString()!.Length})");
                    break;
                case JsonValueKind.Number when value.GetRawText().Length > context.Limits.MaxSettingTextLength:
                    // stored as the text it is written in (a profile attribute), so bound like text
                    context.Add(node.Id, item.Field, $"must be written in at most {context.Limits.MaxSettingTextLength} characters (got {value.GetRawText().Length})");
                    break;
                case JsonValueKind.Number when !value.TryGetDouble(out double number) || !double.IsFinite(number):
                    context.Add(node.Id, item.Field, "must be a finite number");
                    break;
                case JsonValueKind.Object:
                    foreach (JsonProperty property in value.EnumerateObject())
                    {
                        string field = $"{item.Field}.{ValidationContext.Echo(property.Name)}";
                        if (property.Name.Length > context.Limits.MaxShortTextLength)
                        {
                            longKeys.Add((field, property.Name.Length));
                        }

                        pending.Push((field, property.Value));
                    }

                    break;
                case JsonValueKind.Array:
                    int i = 0;
                    foreach (JsonElement element in value.EnumerateArray())
                    {
                        pending.Push(($"{item.Field}[{i++}]", element));
                    }

                    break;
                default:
                    break;
            }
        }

        // A long key is told after the gate: the rules read keys as names, not typed values, so they still run and tell
        // the rest (the map rules leave such a key to this check).
        bool withinBounds = context.Problems.Count == before;
        foreach ((string field, int length) in longKeys)
        {
            context.Add(node.Id, field, $"is a key longer than {context.Limits.MaxShortTextLength} characters (got {length})");
        }

        return withinBounds;
    }

    public override string? ProblemInsidePeopleSplit(JourneyNode node) =>
        ActionCatalog.Find((node ?? throw new ArgumentNullException(nameof(node))).Action)?.Scope == ActionScope.Account
            ? "account actions are not allowed inside a split by people" : null;
}
