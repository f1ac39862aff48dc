using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>The Salesforce state of reminder tasks, kept on their activity rows (columns <c>Task*</c>).</summary>
public sealed partial class SalesActivityStore
{
    private const string TaskIdColumn = "TaskSalesforceId";
    private const string TaskStatusColumn = "TaskStatus";
    private const string TaskDueDateColumn = "TaskDueDate";
    private const string TaskCompletedColumn = "TaskCompleted";
    private const string TaskCompletedAtColumn = "TaskCompletedAt";
    private const string TaskModifiedAtColumn = "TaskModifiedAt";

    /// <summary>Attempts of one update that lost a race with another writer of the row.</summary>
    private const int TaskUpdateAttempts = 5;

    /// <summary>
    /// Records a reminder task's Salesforce state on its activity unless the stored state is as new or newer (by
    /// <see cref="SalesTaskState.ModifiedAt"/>), so reading a change again, or an older one after a newer, changes
    /// nothing. The row is replaced under its ETag; a concurrent writer makes it decide again.
    /// </summary>
    public async Task<SalesTaskUpdate> UpdateTaskStateAsync(string marketoId, string activityId, SalesTaskState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (int attempt = 1; ; attempt++)
        {
            NullableResponse<TableEntity> found = await _activities.GetEntityIfExistsAsync<TableEntity>(marketoId, activityId, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { } row)
            {
                return SalesTaskUpdate.NotFound;
            }

            if (row.GetString(nameof(SalesActivity.Type)) != nameof(SalesActivityType.ReminderTask))
            {
                return SalesTaskUpdate.NotReminder;
            }

            if (row.GetDateTimeOffset(TaskModifiedAtColumn) >= state.ModifiedAt)
            {
                return SalesTaskUpdate.Unchanged;
            }

            // The whole row replaced: a column Salesforce has cleared since (a reopened task's completion time, a
            // removed due date) goes, where a merge would keep the old value.
            SetOrRemove(row, TaskIdColumn, state.SalesforceTaskId);
            SetOrRemove(row, TaskStatusColumn, state.Status);
            SetOrRemove(row, TaskDueDateColumn, state.DueDate?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            SetOrRemove(row, TaskCompletedColumn, state.Completed);
            SetOrRemove(row, TaskCompletedAtColumn, state.CompletedAt);
            SetOrRemove(row, TaskModifiedAtColumn, state.ModifiedAt);
            try
            {
                await _activities.UpdateEntityAsync(row, row.ETag, TableUpdateMode.Replace, cancellationToken);
                return SalesTaskUpdate.Updated;
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < TaskUpdateAttempts)
            {
                // Another poll or writer changed the row in between: read it again and decide again.
            }
        }
    }

    /// <summary>The Salesforce state stored on an activity row, or null when none was reported.</summary>
    private static SalesTaskState? TaskStateOf(TableEntity row) =>
        row.GetString(TaskIdColumn) is { } taskId && row.GetDateTimeOffset(TaskModifiedAtColumn) is { } modifiedAt
            ? new SalesTaskState(
                taskId,
                row.GetString(TaskStatusColumn),
                row.GetString(TaskDueDateColumn) is { } due ? DateOnly.ParseExact(due, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : null,
                row.GetBoolean(TaskCompletedColumn) ?? false,
                row.GetDateTimeOffset(TaskCompletedAtColumn),
                modifiedAt)
            : null;
}
