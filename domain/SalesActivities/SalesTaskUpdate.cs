namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>What recording a reminder task's Salesforce state did to the stored activity.</summary>
public enum SalesTaskUpdate
{
    /// <summary>The state was stored.</summary>
    Updated,

    /// <summary>The stored state is as new or newer (a page read again): nothing written.</summary>
    Unchanged,

    /// <summary>No such activity for the person.</summary>
    NotFound,

    /// <summary>The activity is not a reminder task (emails and calls go to Salesforce one way only).</summary>
    NotReminder,
}
