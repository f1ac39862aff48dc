namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// The registry of take-action types: every concrete <see cref="ActionDefinition"/> in this assembly (one class
/// per type, in <c>Actions/Types</c>), found once by reflection. Validation, reference checks, the dispatching
/// activities and the generated schema all go through it, so adding a type is adding its class.
/// </summary>
public static class ActionCatalog
{
    /// <summary>Deprecated actions that are refused with an explanation.</summary>
    public static IReadOnlyDictionary<string, string> Deprecated { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["changePersonPartition"] = "'change person partition in Marketo' is deprecated and can no longer be used; remove this node.",
    };

    /// <summary>Every action, account actions first, each scope in order of type name.</summary>
    public static IReadOnlyList<ActionDefinition> All { get; } = typeof(ActionDefinition).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(ActionDefinition)) && !t.IsAbstract)
        .Select(t => (ActionDefinition)Activator.CreateInstance(t)!)
        .OrderBy(a => a.Scope).ThenBy(a => a.Type, StringComparer.Ordinal)
        .ToList();

    private static readonly Dictionary<string, ActionDefinition> ByType = All.ToDictionary(a => a.Type, StringComparer.Ordinal);

    public static ActionDefinition? Find(string? type) => type is not null && ByType.TryGetValue(type, out ActionDefinition? action) ? action : null;
}
