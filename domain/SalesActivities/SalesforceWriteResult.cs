namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// The outcome of one record of a Salesforce write, in input order: its Salesforce id, or the error that remained
/// after retries. <see cref="Key"/> is the activity id (tasks) or person id (opt-outs) the record was written for.
/// </summary>
public sealed record SalesforceWriteResult(string Key, string? SalesforceId, string? Error)
{
    public bool Succeeded => Error is null;
}
