namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// A Salesforce Task for a sales activity: <c>WhoId</c> = lead or contact, <c>WhatId</c> = opportunity or account,
/// <c>TaskSubtype</c> Email, Call or Task. <see cref="ActivityId"/> is the sales activity id: the write-once key
/// (an external id on the Salesforce side).
/// </summary>
public sealed record SalesforceTask(
    string ActivityId,
    string WhoId,
    string? WhatId,
    string Subject,
    string Status,
    DateOnly ActivityDate,
    string TaskSubtype)
{
    public const string Completed = "Completed";
    public const string NotStarted = "Not Started";

    /// <summary>Salesforce's length limit of <c>Task.Subject</c>.</summary>
    public const int MaxSubjectLength = 255;

    /// <summary>The task for a sales activity, or null when the type is not a task or the person is not in Salesforce.</summary>
    public static SalesforceTask? From(SalesActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        string? subtype = SubtypeOf(activity.Type);
        if (subtype is null || string.IsNullOrEmpty(activity.SalesforceWhoId))
        {
            return null;
        }

        string label = MarketingActivityTypes.Of(activity.Type)?.Name ?? "Reminder";
        string subject = activity.Subject is { Length: > 0 } s ? $"{label}: {s}" : label;
        return new SalesforceTask(
            activity.Id,
            activity.SalesforceWhoId,
            activity.SalesforceWhatId,
            Cut(subject),
            activity.Type == SalesActivityType.ReminderTask ? NotStarted : Completed,
            DateOnly.FromDateTime(activity.OccurredAt.UtcDateTime),
            subtype);
    }

    /// <summary>The subject's first <see cref="MaxSubjectLength"/> characters, one fewer where the cut would split a surrogate pair.</summary>
    private static string Cut(string subject) =>
        subject.Length <= MaxSubjectLength ? subject
            : subject[..(char.IsHighSurrogate(subject[MaxSubjectLength - 1]) ? MaxSubjectLength - 1 : MaxSubjectLength)];

    /// <summary>Emails are Email tasks, calls Call tasks, campaigns and reminders plain tasks; an unsubscribe is no task.</summary>
    public static string? SubtypeOf(SalesActivityType type) => type switch
    {
        SalesActivityType.SendSalesEmail or SalesActivityType.OpenSalesEmail or SalesActivityType.ClickSalesEmail
            or SalesActivityType.ReplySalesEmail or SalesActivityType.BounceSalesEmail => "Email",
        SalesActivityType.ReceiveSalesCall => "Call",
        SalesActivityType.AddToSalesCampaign or SalesActivityType.RemoveFromSalesCampaign or SalesActivityType.ReminderTask => "Task",
        _ => null,
    };
}
