using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// The local stand-in for a Salesforce org: table <c>SalesforceTasks</c> (PK = who id, RK = activity id) and
/// table <c>SalesforceOptOuts</c> (PK = who id). Upserts on those keys keep a redelivery to one row.
/// </summary>
public sealed class TableSalesforceActivityLog : ISalesforceActivityLog
{
    private const string OptOutRow = "HasOptedOutOfEmail";

    private readonly TableClient _tasks;
    private readonly TableClient _optOuts;

    public TableSalesforceActivityLog(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _tasks = storage.Table(TableNames.SalesforceTasks);
        _optOuts = storage.Table(TableNames.SalesforceOptOuts);
    }

    public async Task<IReadOnlyList<SalesforceWriteResult>> WriteTasksAsync(IReadOnlyList<SalesforceTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        await BatchWriter.UpsertAsync(_tasks, tasks.Select(ToEntity), cancellationToken);
        return tasks.Select(t => new SalesforceWriteResult(t.ActivityId, $"{t.WhoId}:{t.ActivityId}", null)).ToList();
    }

    public async Task<IReadOnlyList<SalesforceWriteResult>> SetEmailOptOutAsync(IReadOnlyList<string> whoIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whoIds);
        await BatchWriter.UpsertAsync(_optOuts, whoIds.Select(id => new TableEntity(TableKey.Require(id, "whoId"), OptOutRow)), cancellationToken);
        return whoIds.Select(id => new SalesforceWriteResult(id, id, null)).ToList();
    }

    /// <summary>The tasks logged for one lead or contact.</summary>
    public async Task<List<SalesforceTask>> ListTasksAsync(string whoId, CancellationToken cancellationToken = default)
    {
        var found = new List<SalesforceTask>();
        await foreach (TableEntity e in _tasks.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {whoId}"), cancellationToken: cancellationToken))
        {
            found.Add(new SalesforceTask(
                e.RowKey,
                e.PartitionKey,
                e.GetString(nameof(SalesforceTask.WhatId)),
                e.GetString(nameof(SalesforceTask.Subject)),
                e.GetString(nameof(SalesforceTask.Status)),
                DateOnly.ParseExact(e.GetString(nameof(SalesforceTask.ActivityDate)), "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
                e.GetString(nameof(SalesforceTask.TaskSubtype))));
        }

        return found;
    }

    public async Task<bool> HasOptedOutAsync(string whoId, CancellationToken cancellationToken = default) =>
        (await _optOuts.GetEntityIfExistsAsync<TableEntity>(whoId, OptOutRow, cancellationToken: cancellationToken)).HasValue;

    private static TableEntity ToEntity(SalesforceTask task) => new(TableKey.Require(task.WhoId, "whoId"), task.ActivityId)
    {
        [nameof(SalesforceTask.WhatId)] = task.WhatId,
        [nameof(SalesforceTask.Subject)] = task.Subject,
        [nameof(SalesforceTask.Status)] = task.Status,
        [nameof(SalesforceTask.ActivityDate)] = task.ActivityDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        [nameof(SalesforceTask.TaskSubtype)] = task.TaskSubtype,
    };
}
