namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// One message to deliver: the person or account it is about, its address, its rendered content, and for a person
/// the account whose people partition holds them (so the dispatcher can look at the person again at send time).
/// </summary>
public sealed record OutboxMessage(string TargetId, string To, string? Subject, string Body, string? AccountId = null);
