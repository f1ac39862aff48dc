namespace JourneyFunctions.Salesforce;

/// <summary>A record read from Salesforce's change window: its id and <c>SystemModstamp</c>, the window's order.</summary>
public abstract record SalesforceChange(string Id, DateTimeOffset Modstamp);

/// <summary>A Contact or Lead whose <c>HasOptedOutOfEmail</c> is true.</summary>
public sealed record SalesforceOptOut(string Id, DateTimeOffset Modstamp) : SalesforceChange(Id, Modstamp);

/// <summary>
/// A Task this app created (it carries the sales activity id in <c>Journey_Activity_Id__c</c>) as Salesforce holds it
/// now: <c>Status</c>, <c>ActivityDate</c> (the due date), <c>IsClosed</c> and <c>CompletedDateTime</c>.
/// </summary>
public sealed record SalesforceTaskChange(
    string Id,
    DateTimeOffset Modstamp,
    string ActivityId,
    string? WhoId,
    string? Status,
    DateOnly? DueDate,
    bool IsClosed,
    DateTimeOffset? CompletedAt) : SalesforceChange(Id, Modstamp);

/// <summary>
/// One page of a change window: its records in <c>SystemModstamp</c> order, and Salesforce's <c>nextRecordsUrl</c>
/// for the next page (null on the last one).
/// </summary>
public sealed record SalesforceChangePage<T>(IReadOnlyList<T> Records, string? NextRecordsUrl)
    where T : SalesforceChange
{
    public bool Done => NextRecordsUrl is null;

    /// <summary>How the query's records map and how many a page holds, for reading the next page alike.</summary>
    internal (Func<System.Text.Json.Nodes.JsonObject, T> Map, int PageSize) Query { get; init; }
}
