using JourneyFunctions.Domain.Contracts;

namespace JourneyFunctions.Domain.Actions;

/// <summary>Every take-action type the engine knows, with its settings rules.</summary>
public static class ActionCatalog
{
    /// <summary>Deprecated actions that are refused with an explanation.</summary>
    public static IReadOnlyDictionary<string, string> Deprecated { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["changePersonPartition"] = "'change person partition in Marketo' is deprecated and can no longer be used; remove this node.",
    };

    public static IReadOnlyList<ActionDefinition> All { get; } =
    [
        new("changeAccountDataValue", ActionScope.Account, ActivityNames.ActionChangeAccountDataValue, s => Required(s, "attribute").Concat(Present(s, "value"))),
        new("changeDataValue", ActionScope.People, ActivityNames.ActionChangePersonDataValue, s => Required(s, "attribute").Concat(Present(s, "value"))),
        new("changeScore", ActionScope.People, ActivityNames.ActionChangeScore, ScoreRules),
    ];

    public static ActionDefinition? Find(string? type) => All.FirstOrDefault(a => a.Type == type);

    private static IEnumerable<(string, string)> ScoreRules(ActionSettings settings)
    {
        foreach ((string, string) problem in Required(settings, "scoreName"))
        {
            yield return problem;
        }

        double? change = settings.Number("change");
        if (change is null)
        {
            yield return ("change", "is required: a signed number such as 10 or -5");
        }
        else if (change == 0)
        {
            yield return ("change", "must not be 0");
        }
    }

    private static IEnumerable<(string, string)> Required(ActionSettings settings, string name)
    {
        if (string.IsNullOrWhiteSpace(settings.Text(name)))
        {
            yield return (name, "is required");
        }
    }

    private static IEnumerable<(string, string)> Present(ActionSettings settings, string name)
    {
        if (settings.Text(name) is null)
        {
            yield return (name, "is required (use \"\" to clear the value)");
        }
    }
}
