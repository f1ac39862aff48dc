namespace JourneyFunctions.Domain.Contracts;

/// <summary>The payload of an event raised for an account (and, for people events, the person who fired it).</summary>
public sealed record RaisedEvent(string Scope, string Type, string AccountId, string? PersonId = null);
