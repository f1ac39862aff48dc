using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// A directed edge. <see cref="Path"/> names which outcome of the source node it carries:
/// a split path id, <c>other</c>, or for listen-for-event <c>event</c> / <c>timeout</c>; null for plain nodes.
/// A member beyond these three is refused (the schema closes edges): a misspelt <c>path</c> would otherwise vanish.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record JourneyEdge(string From, string To, string? Path = null);
