namespace JourneyFunctions.Marketo;

/// <summary>A custom activity to add to a lead's activity log (Add Custom Activities).</summary>
public sealed record CustomActivity(long LeadId, DateTimeOffset ActivityDate, int ActivityTypeId, string PrimaryAttributeValue, IReadOnlyList<CustomActivityValue> Attributes);
