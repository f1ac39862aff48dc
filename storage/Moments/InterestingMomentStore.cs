using Azure.Data.Tables;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Moments;

/// <summary>
/// Interesting moments (table <c>InterestingMoments</c>), one partition per account so an account's people get theirs
/// in one batch: RK = <c>{target}~{run}~{node}</c>, where the target is the account itself (<see cref="InterestingMoments.AccountTarget"/>)
/// or a person. A retried action rewrites the same rows.
/// </summary>
public sealed class InterestingMomentStore : IInterestingMomentStore
{
    private readonly TableClient _moments;

    public InterestingMomentStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _moments = storage.Table(TableNames.InterestingMoments);
    }

    /// <summary>Records one moment per (account, target): targets are person ids or <see cref="InterestingMoments.AccountTarget"/>.</summary>
    public Task<int> RecordAsync(IEnumerable<(string AccountId, string TargetId)> targets, string runId, string nodeId, string type, string? description, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        BatchWriter.UpsertAsync(_moments, targets.Select(t => (ITableEntity)new TableEntity(t.AccountId, $"{t.TargetId}~{runId}~{nodeId}")
        {
            ["TargetId"] = t.TargetId,
            ["Type"] = type,
            ["Description"] = description,
            ["RunId"] = runId,
            ["NodeId"] = nodeId,
            ["At"] = at,
        }), cancellationToken);

    /// <summary>The moments of an account and its people.</summary>
    public async Task<List<TableEntity>> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        var moments = new List<TableEntity>();
        await foreach (TableEntity moment in _moments.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {accountId}"), cancellationToken: cancellationToken))
        {
            moments.Add(moment);
        }

        return moments;
    }

    /// <summary>The moments of one person of an account: one row-key range of the account's partition.</summary>
    public async Task<List<TableEntity>> GetPersonAsync(string accountId, string personId, CancellationToken cancellationToken = default)
    {
        // Row keys are {target}~{run}~{node}; '\u007f' is the character after '~', so the range holds this target only.
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {accountId} and RowKey gt {personId + "~"} and RowKey lt {personId + "\u007f"}");
        var moments = new List<TableEntity>();
        await foreach (TableEntity moment in _moments.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            moments.Add(moment);
        }

        return moments;
    }
}
