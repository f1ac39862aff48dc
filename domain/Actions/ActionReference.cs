namespace JourneyFunctions.Domain.Actions;

/// <summary>
/// Something an action's settings point at that must exist (and be usable) when the journey is saved or published:
/// the setting that names it, what kind of thing it is, and its name parts (e.g. connection and list).
/// </summary>
public sealed record ActionReference(string Setting, ReferenceKind Kind, params string[] Names);
