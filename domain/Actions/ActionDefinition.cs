namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// One take-action type: its name in journey JSON, its scope, the activity function that applies it, its own
/// settings rules (checked on save and publish), and what its settings refer to (checked against the stores).
/// </summary>
public sealed record ActionDefinition(
    string Type,
    ActionScope Scope,
    string ActivityName,
    Func<ActionSettings, IEnumerable<(string Setting, string Reason)>> Rules,
    Func<ActionSettings, IEnumerable<ActionReference>>? References = null)
{
    /// <summary>The references of a node's settings; none for settings that failed their rules.</summary>
    public IEnumerable<ActionReference> ReferencesOf(ActionSettings settings) =>
        References is null || Rules(settings).Any() ? [] : References(settings);
}
