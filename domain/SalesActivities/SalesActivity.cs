using System.Text.Json.Serialization;

namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// One recorded sales activity, as stored on the sales side and published to the <c>sales-activities</c> topic.
/// The Salesforce ids are taken from the sales copy when it is recorded, so the subscribers need no lookup.
/// </summary>
/// <param name="Id">Unique per activity; also the Service Bus message id (duplicate detection) and every adapter's write key.</param>
/// <param name="MarketoId">The person (the marketing lead id).</param>
/// <param name="Type">What happened.</param>
/// <param name="OccurredAt">When it happened.</param>
/// <param name="Subject">Email subject, call summary, reminder title or campaign name.</param>
/// <param name="Detail">Optional extra: the clicked link, the bounce reason, the call outcome.</param>
/// <param name="Origin">Where it was first recorded.</param>
/// <param name="SalesforceWhoId">The person's Salesforce contact id, else lead id.</param>
/// <param name="SalesforceWhatId">The person's Salesforce opportunity id, else account id.</param>
/// <remarks>
/// <see cref="Type"/>, <see cref="OccurredAt"/> and <see cref="Origin"/> are required in a message: the app always writes
/// them, and a message without them would otherwise read as a sales email sent in the year 1 by the first origin.
/// </remarks>
public sealed record SalesActivity(
    string Id,
    string MarketoId,
    [property: JsonRequired] SalesActivityType Type,
    [property: JsonRequired] DateTimeOffset OccurredAt,
    string? Subject,
    string? Detail,
    [property: JsonRequired] SalesActivityOrigin Origin,
    string? SalesforceWhoId,
    string? SalesforceWhatId)
{
    /// <summary>A reminder task's state as Salesforce last reported it (status, due date, completion); null until reported.</summary>
    public SalesTaskState? TaskState { get; init; }
}
