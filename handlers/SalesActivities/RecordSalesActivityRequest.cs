namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// The body of POST /api/sales/people/{marketoId}/activities. Type and origin are read as text so an unknown value
/// gets a 400 naming the field and the allowed values.
/// </summary>
public sealed record RecordSalesActivityRequest(string? Id, string? Type, DateTimeOffset? OccurredAt, string? Subject, string? Detail, string? Origin);
