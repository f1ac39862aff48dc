using System.Security.Cryptography;
using System.Text;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>A kept rejection: the person, the field and reason, when first and last rejected, how many runs rejected it, and the last of them.</summary>
public sealed record StoredSyncRejection(
    string MarketoId, string? AccountId, string Field, string Reason, DateTimeOffset FirstRejectedAt, DateTimeOffset LastRejectedAt, int Attempts, string RunId);

/// <summary>
/// Sales-owned people the sync could not copy, kept with the reason until a later run copies them: table
/// <c>SyncRejections</c>, PK = the app's scope (its task hub), RK = the Marketo ID escaped into a key (a hash for one too
/// long to escape). Every full run reads every person again, so it retries them all: a person it rejects again is
/// stamped with the run, and at its end the run clears every rejection it did not renew and nobody renewed since it
/// started (that person was copied, or is no longer in the source).
/// </summary>
public sealed class SyncRejectionStore
{
    /// <summary>The run id of a rejection made by the change handler (no full run).</summary>
    public const string Incremental = "incremental";

    /// <summary>The most characters of a rejected Marketo ID kept (an oversized id is itself a reason to reject).</summary>
    public const int MaxIdLength = 1_000;

    private const string MarketoIdProperty = "MarketoId";
    private const string AccountIdProperty = "AccountId";
    private const string FieldProperty = "Field";
    private const string ReasonProperty = "Reason";
    private const string FirstProperty = "FirstRejectedAt";
    private const string LastProperty = "LastRejectedAt";
    private const string AttemptsProperty = "Attempts";
    private const string RunProperty = "RunId";
    private static readonly string[] ClearColumns = ["PartitionKey", "RowKey", "Timestamp", RunProperty];

    /// <summary>Attempts of one renewal that lost a race with another writer of the row.</summary>
    private const int RecordAttempts = 5;

    private readonly TableClient _rejections;
    private readonly string _partition;
    private readonly TimeProvider _clock;

    public SyncRejectionStore(StorageAccount storage, string scope, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _rejections = storage.Table(TableNames.SyncRejections);
        _partition = TableKey.Require(scope, nameof(scope));
        _clock = clock ?? throw new ArgumentNullException(nameof(clock));
    }

    /// <summary>Keeps each rejection (or renews it: reason, last time, one more attempt unless this run already counted it).</summary>
    public async Task RecordAsync(IEnumerable<SyncRejection> rejections, string runId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rejections);
        foreach (SyncRejection rejection in rejections.DistinctBy(r => r.MarketoId, StringComparer.Ordinal))
        {
            DateTimeOffset now = _clock.GetUtcNow();
            var row = new TableEntity(_partition, Key(rejection.MarketoId))
            {
                [MarketoIdProperty] = rejection.MarketoId.Length > MaxIdLength ? rejection.MarketoId[..MaxIdLength] : rejection.MarketoId,
                [AccountIdProperty] = rejection.AccountId,
                [FieldProperty] = rejection.Field,
                [ReasonProperty] = rejection.Reason,
                [LastProperty] = now,
                [RunProperty] = runId,
            };
            await RecordOneAsync(row, runId, now, cancellationToken);
        }
    }

    /// <summary>
    /// A renewal merges under the ETag of the row it read: a run's end that cleared the row meanwhile makes it decide
    /// again (and write the whole row), where a blind merge would bring the row back without its first time.
    /// </summary>
    private async Task RecordOneAsync(TableEntity row, string runId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            NullableResponse<TableEntity> found = await _rejections.GetEntityIfExistsAsync<TableEntity>(_partition, row.RowKey, cancellationToken: cancellationToken);
            if (!found.HasValue)
            {
                row[FirstProperty] = now;
                row[AttemptsProperty] = 1;
                await _rejections.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
                return;
            }

            TableEntity kept = found.Value!;
            bool counted = runId != Incremental && kept.GetString(RunProperty) == runId;
            row[AttemptsProperty] = (kept.GetInt32(AttemptsProperty) ?? 0) + (counted ? 0 : 1);
            try
            {
                await _rejections.UpdateEntityAsync(row, kept.ETag, TableUpdateMode.Merge, cancellationToken);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412 && attempt < RecordAttempts)
            {
                // Cleared or renewed by another writer since the read: read it again.
            }
        }
    }

    /// <summary>
    /// Clears the rejections of people the change handler has just copied or removed, who are no longer people the sync
    /// could not copy: one key-range read for all of them, a delete only where a row is found that was last recorded
    /// before <paramref name="readAt"/>, when the handler read the people (a later one is of a newer write), and is
    /// unchanged since.
    /// </summary>
    /// <returns>How many were cleared.</returns>
    public async Task<int> ClearAsync(IReadOnlyCollection<string> marketoIds, DateTimeOffset readAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marketoIds);
        if (marketoIds.Count == 0)
        {
            return 0;
        }

        Dictionary<string, TableEntity> found = await KeyedReads.GetAsync(
            _rejections, _partition, marketoIds.Select(Key).ToHashSet(StringComparer.Ordinal), [.. ClearColumns, LastProperty], pointReadsAtMost: 0, cancellationToken);
        int cleared = 0;
        foreach (TableEntity row in found.Values.Where(row => row.GetDateTimeOffset(LastProperty) < readAt))
        {
            try
            {
                await _rejections.DeleteEntityAsync(row.PartitionKey, row.RowKey, row.ETag, cancellationToken);
                cleared++;
            }
            catch (RequestFailedException e) when (e.Status is 404 or 412)
            {
                // Cleared, or the person rejected again, meanwhile.
            }
        }

        return cleared;
    }

    /// <summary>
    /// At the end of run <paramref name="runId"/>: clears every rejection it did not renew and nobody renewed since it
    /// started (<paramref name="runStartedAt"/>, by the storage clock that sets each row's Timestamp).
    /// </summary>
    /// <returns>How many were cleared.</returns>
    public async Task<int> ClearUnrenewedAsync(string runId, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default)
    {
        var stale = new List<TableEntity>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {_partition}");
        await foreach (TableEntity row in _rejections.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ClearColumns, cancellationToken: cancellationToken))
        {
            if (row.GetString(RunProperty) != runId && row.Timestamp < runStartedAt)
            {
                stale.Add(row);
            }
        }

        int cleared = 0;
        foreach (TableEntity[] chunk in stale.Chunk(BatchWriter.MaxBatchSize))
        {
            try
            {
                await _rejections.SubmitTransactionAsync(chunk.Select(row => new TableTransactionAction(TableTransactionActionType.Delete, row, row.ETag)), cancellationToken);
                cleared += chunk.Length;
            }
            catch (TableTransactionFailedException e) when (e.Status is 404 or 412)
            {
                // A row of the chunk was renewed or cleared meanwhile: the next run decides on these again.
            }
        }

        return cleared;
    }

    /// <summary>One page of kept rejections (in key order); the next token is null at the end.</summary>
    public async Task<(IReadOnlyList<StoredSyncRejection> Rejections, string? Next)> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        return await _rejections.PageAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {_partition}"),
            pageSize,
            continuation,
            row => new StoredSyncRejection(
                row.GetString(MarketoIdProperty) ?? "",
                row.GetString(AccountIdProperty),
                row.GetString(FieldProperty) ?? "",
                row.GetString(ReasonProperty) ?? "",
                row.GetDateTimeOffset(FirstProperty) ?? DateTimeOffset.MinValue,
                row.GetDateTimeOffset(LastProperty) ?? DateTimeOffset.MinValue,
                row.GetInt32(AttemptsProperty) ?? 0,
                row.GetString(RunProperty) ?? ""),
            cancellationToken: cancellationToken);
    }

    /// <summary>
    /// The key of a Marketo ID: escaped when that fits a key, else "h" and its SHA-256 in upper-case hex, as rows were
    /// always keyed (not <see cref="TableKey.ForName"/>'s own hash, which came later).
    /// </summary>
    private static string Key(string marketoId) =>
        TableKey.ForName(marketoId) is { } escaped && !escaped.StartsWith(TableKey.HashedNamePrefix, StringComparison.Ordinal)
            ? escaped
            : "h" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(marketoId)));
}
