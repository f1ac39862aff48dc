namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// One thing wrong with a request: the journey node it concerns (if any), the field (a setting, or a JSON path such
/// as <c>nodes[3].audience</c>), and why. It is an item of a problem-details body's <c>errors</c>.
/// </summary>
public sealed record ValidationProblem(string? Node, string? Field, string Reason);
