namespace JourneyFunctions.Marketo;

/// <summary>One "change data value" activity from Get Lead Changes: which lead, when, and which fields changed.</summary>
public sealed record LeadChange(long Id, long LeadId, DateTimeOffset ActivityDate, IReadOnlyList<LeadChangeField> Fields);
