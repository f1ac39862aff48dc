namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>The optional body of POST /api/sales/people/{marketoId}/unsubscribe.</summary>
public sealed record UnsubscribeRequest(string? Origin, DateTimeOffset? OccurredAt, string? Reason);
