using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// Reminder activities by id (table <c>SalesRemindersByActivityId</c>, PK = activity id, RK = Marketo ID): a Salesforce
/// task carries only the activity id and a <c>WhoId</c> an admin may change, so the inbound poll finds the reminder here.
/// Written before the activity row, so a reminder stored has its entry (an entry whose activity write failed points
/// to no row and is rewritten by the retry).
/// </summary>
public sealed partial class SalesActivityStore
{
    /// <summary>The Marketo IDs of the people holding a reminder activity with this (key-valid) id.</summary>
    public async Task<IReadOnlyList<string>> FindReminderOwnersAsync(string activityId, CancellationToken cancellationToken = default)
    {
        var owners = new List<string>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {activityId}");
        await foreach (TableEntity entry in _remindersByActivityId.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: cancellationToken))
        {
            owners.Add(entry.RowKey);
        }

        return owners;
    }

    private async Task IndexReminderAsync(SalesActivity reminder, CancellationToken cancellationToken)
    {
        await _remindersByActivityId.UpsertEntityAsync(new TableEntity(reminder.Id, reminder.MarketoId), TableUpdateMode.Replace, cancellationToken);
    }
}
