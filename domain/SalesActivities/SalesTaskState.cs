namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// A reminder task as Salesforce last reported it (the inbound poll): the Task's id, <c>Status</c>, due date
/// (<c>ActivityDate</c>), whether it is closed and when it was completed, and its <c>SystemModstamp</c>, which orders the
/// reports so an older one never replaces a newer one.
/// </summary>
public sealed record SalesTaskState(
    string SalesforceTaskId,
    string? Status,
    DateOnly? DueDate,
    bool Completed,
    DateTimeOffset? CompletedAt,
    DateTimeOffset ModifiedAt);
