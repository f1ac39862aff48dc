namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>What one tick of the Salesforce inbound poll did (<c>SubscriptionsChanged</c>: sales-side unsubscribes and re-subscribes recorded).</summary>
public sealed record SalesforceInboundResult(bool Polled, int OptOutsRead, int SubscriptionsChanged, int TasksRead, int RemindersUpdated)
{
    public static SalesforceInboundResult NotPolled { get; } = new(false, 0, 0, 0, 0);
}
