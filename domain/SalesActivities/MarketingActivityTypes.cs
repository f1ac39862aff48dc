namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>The eight sales activity types that are logged to marketing as native activities.</summary>
public static class MarketingActivityTypes
{
    /// <summary>Marketo's limit of custom activity types per instance; our types must fit in it.</summary>
    public const int MaxCustomTypes = 10;

    /// <summary>Marketo's limit of attributes per custom activity type.</summary>
    public const int MaxAttributesPerType = 20;

    public const string DetailAttribute = "detail";
    public const string OriginAttribute = "origin";

    public static IReadOnlyList<MarketingActivityType> All { get; } =
    [
        Type(SalesActivityType.SendSalesEmail, "sendSalesEmail", "Send Sales Email", "subject"),
        Type(SalesActivityType.OpenSalesEmail, "openSalesEmail", "Open Sales Email", "subject"),
        Type(SalesActivityType.ClickSalesEmail, "clickSalesEmail", "Click Sales Email", "subject"),
        Type(SalesActivityType.ReplySalesEmail, "replySalesEmail", "Replied to Sales Email", "subject"),
        Type(SalesActivityType.BounceSalesEmail, "bounceSalesEmail", "Bounced Sales Email", "subject"),
        Type(SalesActivityType.ReceiveSalesCall, "receiveSalesCall", "Received Sales Call", "subject"),
        Type(SalesActivityType.AddToSalesCampaign, "addToSalesCampaign", "Added to Sales Campaign", "campaign"),
        Type(SalesActivityType.RemoveFromSalesCampaign, "removeFromSalesCampaign", "Removed from Sales Campaign", "campaign"),
    ];

    /// <summary>The marketing type of a sales activity type, or null when it is not logged to marketing (reminders, unsubscribes).</summary>
    public static MarketingActivityType? Of(SalesActivityType type) => All.FirstOrDefault(t => t.SalesType == type);

    private static MarketingActivityType Type(SalesActivityType salesType, string apiName, string name, string primaryAttribute) =>
        new(salesType, apiName, name, primaryAttribute, [DetailAttribute, OriginAttribute]);
}
