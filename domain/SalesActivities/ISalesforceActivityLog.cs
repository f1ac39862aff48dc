namespace JourneyFunctions.Domain.SalesActivities;

/// <summary>
/// Where sales activities are written in Salesforce: the local tables by default (<c>TableSalesforceActivityLog</c>),
/// or a Salesforce org over REST. Write-once by activity id: writing a task again must not create a second one.
/// </summary>
public interface ISalesforceActivityLog
{
    /// <summary>Creates the tasks; one result per task, in input order.</summary>
    Task<IReadOnlyList<SalesforceWriteResult>> WriteTasksAsync(IReadOnlyList<SalesforceTask> tasks, CancellationToken cancellationToken);

    /// <summary>Sets <c>HasOptedOutOfEmail</c> on the given leads or contacts; one result per id, in input order.</summary>
    Task<IReadOnlyList<SalesforceWriteResult>> SetEmailOptOutAsync(IReadOnlyList<string> whoIds, CancellationToken cancellationToken);
}
