namespace JourneyFunctions.Domain.Outbox;

/// <summary>One message to deliver: the person or account it is about, its address, and its rendered content.</summary>
public sealed record OutboxMessage(string TargetId, string To, string? Subject, string Body);
