namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// An event that happened to an account (and, for people events, the person it happened to), as the event router
/// raises it on listening runs: its scope and type, and what a listen node's conditions read (<see cref="Attributes"/>:
/// e.g. <c>attribute</c>, <c>oldValue</c>, <c>newValue</c> of a data value change; README "Events").
/// </summary>
public sealed record RaisedEvent(string Scope, string Type, string AccountId, string? PersonId = null, IReadOnlyDictionary<string, string?>? Attributes = null)
{
    /// <summary>The event's key in the routing index: <c>scope:type</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => $"{Scope}:{Type}";
}
