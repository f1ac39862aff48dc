namespace JourneyFunctions.Domain.Journeys;

/// <summary>One thing wrong with a journey: which node, which setting, and why.</summary>
public sealed record ValidationProblem(string? NodeId, string? Setting, string Reason);
