namespace JourneyFunctions.Salesforce;

/// <summary>
/// A Salesforce org reached through a connected app with the OAuth client-credentials flow.
/// <see cref="MaxAttempts"/> bounds the tries of a record that failed with a transient error.
/// </summary>
public sealed record SalesforceOptions(Uri LoginUrl, string ClientId, string ClientSecret, string ApiVersion = "62.0")
{
    public int MaxAttempts { get; init; } = 3;

    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);
}
