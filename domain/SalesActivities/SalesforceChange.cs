namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>A record read from Salesforce's change window: its id and <c>SystemModstamp</c>, the window's order.</summary>
public abstract record SalesforceChange(string Id, DateTimeOffset Modstamp);

/// <summary>A changed Contact or Lead and its <c>HasOptedOutOfEmail</c> now: true = opted out, false = opt-out cleared (or never set).</summary>
public sealed record SalesforceOptOut(string Id, DateTimeOffset Modstamp, bool OptedOut) : SalesforceChange(Id, Modstamp);

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
/// One page of a change window: its records in <c>SystemModstamp</c> order, and how to read the next page (the reader
/// that made this page knows; null on the last page).
/// </summary>
public sealed class SalesforceChangePage<T>(IReadOnlyList<T> records, IReadOnlyList<string> unreadable, Func<CancellationToken, Task<SalesforceChangePage<T>>>? next)
    where T : SalesforceChange
{
    public IReadOnlyList<T> Records { get; } = records;

    /// <summary>The page's records that could not be read, each named with its object, id and problem; left out of <see cref="Records"/>.</summary>
    public IReadOnlyList<string> Unreadable { get; } = unreadable;

    public bool Done => next is null;

    /// <summary>The page after this one, which must not be the last.</summary>
    public Task<SalesforceChangePage<T>> NextAsync(CancellationToken cancellationToken) =>
        next is null ? throw new InvalidOperationException("The last page has no next page.") : next(cancellationToken);
}
