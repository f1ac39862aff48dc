namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// What changed in the Salesforce org in a <c>SystemModstamp</c> window (<c>since</c> included, <c>until</c> not, whole
/// seconds), a page at a time: the inbound poll reads through it, and an app without an org has none.
/// </summary>
public interface ISalesforceChanges
{
    /// <summary>The range of a page's size (Salesforce's query batch size).</summary>
    const int MinPageSize = 200;

    const int MaxPageSize = 2_000;

    /// <summary>Contacts or Leads (<paramref name="sObject"/>) whose record changed in the window, with their email opt-out (set or cleared).</summary>
    Task<SalesforceChangePage<SalesforceOptOut>> OptOutsAsync(string sObject, DateTimeOffset since, DateTimeOffset until, int pageSize, CancellationToken cancellationToken);

    /// <summary>Reminder tasks created by this app that changed in the window.</summary>
    Task<SalesforceChangePage<SalesforceTaskChange>> TaskChangesAsync(DateTimeOffset since, DateTimeOffset until, int pageSize, CancellationToken cancellationToken);
}
