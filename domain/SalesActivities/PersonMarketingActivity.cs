namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// One item of a person's recent marketing activity as the sales side's Smart Grid shows it: an email open or click,
/// an interesting moment or a web visit, from Marketo's activity log or the local stores.
/// </summary>
public sealed record PersonMarketingActivity(
    string Id,
    string Type,
    DateTimeOffset OccurredAt,
    string? PrimaryAttributeValue,
    IReadOnlyDictionary<string, string?> Attributes)
{
    public const string OpenEmail = "openEmail";
    public const string ClickEmail = "clickEmail";
    public const string InterestingMoment = "interestingMoment";
    public const string VisitWebpage = "visitWebpage";
    public const string ClickLink = "clickLink";

    /// <summary>The sales email activities logged to marketing that count as email opens and clicks.</summary>
    public static IReadOnlyList<string> SalesEmailTypes { get; } = ["openSalesEmail", "clickSalesEmail"];
}
