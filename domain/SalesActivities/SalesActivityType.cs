namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>What a seller did or saw happen with a person; the first eight are also native marketing activities.</summary>
public enum SalesActivityType
{
    SendSalesEmail,
    OpenSalesEmail,
    ClickSalesEmail,
    ReplySalesEmail,
    BounceSalesEmail,
    ReceiveSalesCall,
    AddToSalesCampaign,
    RemoveFromSalesCampaign,

    /// <summary>A seller's reminder task: kept in step with Salesforce, never a marketing activity.</summary>
    ReminderTask,

    /// <summary>The person unsubscribed on the sales side: kept in step with Salesforce, never written to marketing.</summary>
    Unsubscribe,
}
