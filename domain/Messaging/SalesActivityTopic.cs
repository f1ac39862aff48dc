namespace JourneyFunctions.Domain.Messaging;

/// <summary>
/// The Service Bus topic sales activities are published to, and its subscriptions. The local transport gives each
/// subscription its own storage queue, <c>sales-activities-{subscription}</c>.
/// </summary>
public static class SalesActivityTopic
{
    public const string Name = "sales-activities";
    public const string MarketingLogger = "marketing-logger";
    public const string SalesforceLogger = "salesforce-logger";

    /// <summary>The storage queues standing in for the subscriptions (queue trigger bindings need constants).</summary>
    public const string MarketingLoggerQueue = Name + "-" + MarketingLogger;
    public const string SalesforceLoggerQueue = Name + "-" + SalesforceLogger;

    public static IReadOnlyList<string> Subscriptions { get; } = [MarketingLogger, SalesforceLogger];

    public static string QueueOf(string subscription) => $"{Name}-{subscription}";
}
