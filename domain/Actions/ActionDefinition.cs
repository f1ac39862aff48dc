using JourneyFunctions.Domain.Journeys;

namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// One take-action type: its name in journey JSON, its scope, the activity function that applies it,
/// and its own settings rules (checked on save and publish).
/// </summary>
public sealed record ActionDefinition(
    string Type,
    ActionScope Scope,
    string ActivityName,
    Func<ActionSettings, IEnumerable<(string Setting, string Reason)>> Rules);
