namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>What one tick of the Salesforce inbound poll did.</summary>
public sealed record SalesforceInboundResult(bool Polled, int OptOutsRead, int Unsubscribed, int TasksRead, int RemindersUpdated)
{
    public static SalesforceInboundResult NotPolled { get; } = new(false, 0, 0, 0, 0);
}
