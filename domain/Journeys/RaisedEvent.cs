namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// An event that happened to an account (and, for people events, the person it happened to), as the event router
/// raises it on listening runs: its scope and type, and what a listen node's conditions read (<see cref="Attributes"/>:
/// e.g. <c>attribute</c>, <c>oldValue</c>, <c>newValue</c> of a data value change; README "Events"), and when it was
/// raised (<see cref="RaisedAt"/>): an event that waited in a queue is heard only by listens that were listening then.
/// </summary>
public sealed record RaisedEvent(string Scope, string Type, string AccountId, string? PersonId = null, IReadOnlyDictionary<string, string?>? Attributes = null, DateTimeOffset? RaisedAt = null)
{
    /// <summary>
    /// Longest attribute value an event carries: one character past the longest condition, so a longer value (an
    /// action may set 30,000 characters) still meets no condition, while its event stays small enough for a
    /// <c>journey-events</c> message (64 KiB) and a Durable event.
    /// </summary>
    public const int MaxValueLength = EventTrigger.MaxConditionLength + 1;

    /// <summary>The attributes, each value cut to <see cref="MaxValueLength"/> characters.</summary>
    public IReadOnlyDictionary<string, string?>? Attributes { get; init; } =
        Attributes is null || Attributes.Values.All(v => v is null || v.Length <= MaxValueLength) ? Attributes
            : Attributes.ToDictionary(a => a.Key, a => Cut(a.Value), StringComparer.Ordinal);

    /// <summary>The event's key in the routing index: <c>scope:type</c>.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Key => $"{Scope}:{Type}";

    /// <summary>The value's first <see cref="MaxValueLength"/> characters, one more where that would split a surrogate pair (never fewer: the cut value must stay longer than any condition).</summary>
    private static string? Cut(string? value) =>
        value is null || value.Length <= MaxValueLength ? value
            : value[..(char.IsHighSurrogate(value[MaxValueLength - 1]) ? MaxValueLength + 1 : MaxValueLength)];
}
