namespace JourneyFunctions.Domain.Journeys;

/// <summary>One path of a split: all its conditions must hold for an account (or person) to take it.</summary>
public sealed record SplitPath(string Id, IReadOnlyList<Condition> Conditions);
