namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// A native marketing activity type for a sales activity, shaped like a Marketo custom activity type:
/// an API name, a primary attribute and a few more attributes (Marketo allows 10 custom types of at most 20 attributes).
/// </summary>
public sealed record MarketingActivityType(SalesActivityType SalesType, string ApiName, string Name, string PrimaryAttribute, IReadOnlyList<string> Attributes);
