namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// A directed edge. <see cref="Path"/> names which outcome of the source node it carries:
/// a split path id, <c>other</c>, or for listen-for-event <c>event</c> / <c>timeout</c>; null for plain nodes.
/// </summary>
public sealed record JourneyEdge(string From, string To, string? Path = null);
