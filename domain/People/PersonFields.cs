namespace JourneyFunctions.Domain.People;

/// <summary>Property names of a marketing person entity (table <c>People</c>, PK = account id, RK = Marketo ID).</summary>
public static class PersonFields
{
    public const string FirstName = "FirstName";
    public const string LastName = "LastName";
    public const string SalesforceContactId = "SalesforceContactId";
    public const string SalesforceLeadId = "SalesforceLeadId";
    public const string SalesforceAccountId = "SalesforceAccountId";
    public const string SalesforceOpportunityId = "SalesforceOpportunityId";
    public const string Company = "Company";
    public const string Title = "Title";
    public const string Email = "Email";
    public const string Phone = "Phone";
    public const string LinkedInUrl = "LinkedInUrl";
    public const string Source = "Source";
    public const string LeadOwner = "LeadOwner";
    public const string ContactOwner = "ContactOwner";
    public const string Unsubscribed = "Unsubscribed";

    /// <summary>
    /// Whether a stored <see cref="Unsubscribed"/> value unsubscribes: the flag <c>true</c>, or the text "true" in any
    /// case (a value another writer stored as text), so no reader sends to a person it cannot read as subscribed.
    /// </summary>
    public static bool IsUnsubscribed(object? value) =>
        value is true || (value is string text && bool.TryParse(text.Trim(), out bool flag) && flag);

    /// <summary>Monotonic per-person version, bumped on every change of a synced or owner field (<see cref="AffectsSync"/>); the sync never lets an older one overwrite a newer.</summary>
    public const string ChangeVersion = "ChangeVersion";

    /// <summary>
    /// The person's most recent score changes (hashes of their effect keys, space-separated, oldest first, a bounded
    /// number), written in the same update as the score, so a retried <c>changeScore</c> call sees whom it already scored.
    /// </summary>
    public const string ScoreEffects = "ScoreEffects";

    /// <summary>Prefix of named score properties, e.g. <c>Score_engagement</c>.</summary>
    public const string ScorePrefix = "Score_";

    /// <summary>The 13 fields copied to the sales app (the Marketo ID is the row key), fixed by the product.</summary>
    public static IReadOnlyList<string> Synced { get; } =
    [
        FirstName, LastName, SalesforceContactId, SalesforceLeadId, SalesforceAccountId, SalesforceOpportunityId,
        "MarketoId", Company, Title, Email, Phone, LinkedInUrl, Source,
    ];

    /// <summary>True for the fields whose change can alter the sales copy: the 13 synced ones and the owners.</summary>
    public static bool AffectsSync(string field) =>
        Owners.Contains(field, StringComparer.Ordinal) || Synced.Contains(field, StringComparer.Ordinal);

    /// <summary>The owner fields: a person with either set is sales-owned.</summary>
    public static IReadOnlyList<string> Owners { get; } = [LeadOwner, ContactOwner];
}
