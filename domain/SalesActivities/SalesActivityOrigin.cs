namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>Where an activity was first recorded; an activity that came from Salesforce is not written back to it.</summary>
public enum SalesActivityOrigin
{
    Sales,
    Salesforce,
}
