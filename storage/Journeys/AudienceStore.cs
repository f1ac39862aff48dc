using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// A run's audience, snapshotted at start into batches (table <c>RunAudience</c>, PK = run id, RK = batch number),
/// so orchestrations pass batch numbers instead of account lists. Which batch holds an account is kept beside it
/// (PK = <c>{run}~{bucket}</c>, RK = <c>a~{account}</c>), spread over <see cref="AccountBuckets"/> partitions so none
/// grows with the audience: Azurite finds a row by scanning its partition.
/// </summary>
public sealed class AudienceStore
{
    private const int AccountBuckets = 64;

    private readonly TableClient _audience;

    public AudienceStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _audience = storage.Table(TableNames.RunAudience);
    }

    /// <summary>Stores the batches, numbered from 0 in the order given; rewriting the same run is harmless.</summary>
    /// <returns>The number of batches.</returns>
    public async Task<int> SnapshotAsync(string runId, IReadOnlyList<string[]> batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batches);
        IEnumerable<ITableEntity> rows = batches
            .Select((chunk, index) => (ITableEntity)BatchEntity(runId, index, chunk))
            .Concat(batches.SelectMany((chunk, index) => chunk.Select(account => (ITableEntity)new TableEntity(AccountPartition(runId, account), AccountRow(account)) { ["Batch"] = index })));
        await BatchWriter.UpsertAsync(_audience, rows, cancellationToken);
        return batches.Count;
    }

    /// <summary>The account ids of one batch.</summary>
    public async Task<IReadOnlyList<string>> GetBatchAsync(string runId, int batch, CancellationToken cancellationToken = default)
    {
        Response<TableEntity> row = await _audience.GetEntityAsync<TableEntity>(runId, BatchRow(batch), cancellationToken: cancellationToken);
        return LargeText.Read(row.Value, "Accounts")!.Split(',', StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>
    /// A batch's account ids in one row, split over properties of at most 30,000 characters: a batch of 500 ids of
    /// 128 characters would not fit one property (64 KiB); <c>JourneyBatchSize</c> is bounded so a row stays under 1 MiB.
    /// </summary>
    private static TableEntity BatchEntity(string runId, int index, string[] accounts)
    {
        var row = new TableEntity(runId, BatchRow(index));
        LargeText.Write(row, "Accounts", string.Join(',', accounts));
        return row;
    }

    /// <summary>The batch an account of the run is in, or null when it is not in the run.</summary>
    public async Task<int?> FindBatchAsync(string runId, string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _audience.GetEntityIfExistsAsync<TableEntity>(AccountPartition(runId, accountId), AccountRow(accountId), cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetInt32("Batch") : null;
    }

    private static string AccountPartition(string runId, string accountId) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{runId}~{StableId.Bucket(accountId, AccountBuckets):D2}");

    private static string AccountRow(string accountId) => "a~" + accountId;

    private static string BatchRow(int batch) => batch.ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
}
