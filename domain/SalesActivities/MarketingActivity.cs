namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// A native activity on a marketing person, in the shape of Marketo's Add Custom Activities input
/// (<c>leadId</c>, <c>activityDate</c>, activity type, <c>primaryAttributeValue</c>, <c>attributes</c>).
/// <see cref="ActivityId"/> is the sales activity id: the write-once key, so a redelivery adds nothing.
/// </summary>
public sealed record MarketingActivity(
    string ActivityId,
    string LeadId,
    string ActivityTypeApiName,
    DateTimeOffset ActivityDate,
    string PrimaryAttributeValue,
    IReadOnlyDictionary<string, string> Attributes)
{
    /// <summary>The marketing activity for a sales activity, or null when its type is not logged to marketing.</summary>
    public static MarketingActivity? From(SalesActivity activity)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (MarketingActivityTypes.Of(activity.Type) is not { } type)
        {
            return null;
        }

        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [MarketingActivityTypes.OriginAttribute] = activity.Origin.ToString(),
        };
        if (activity.Detail is { Length: > 0 } detail)
        {
            attributes[MarketingActivityTypes.DetailAttribute] = detail;
        }

        return new MarketingActivity(activity.Id, activity.MarketoId, type.ApiName, activity.OccurredAt, activity.Subject ?? type.Name, attributes);
    }
}
