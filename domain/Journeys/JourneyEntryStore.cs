using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Entries of accounts into a journey (table <c>JourneyEntries</c>, PK = <c>{journey}~{bucket}</c>, RK = account id):
/// how often, when last, and the run an account is in now. Accounts are spread over <see cref="Buckets"/> partitions by
/// a stable hash, so a run admits and releases them in batch transactions of up to 100 and no partition grows with the
/// audience (Azurite finds a row by scanning its partition). Admission is idempotent per run, so a retried snapshot
/// admits the same accounts again without counting a second entry.
/// </summary>
public sealed class JourneyEntryStore
{
    private const int Buckets = 64;

    /// <summary>Rounds of read-decide-write for one transaction that keeps losing to another run before giving up.</summary>
    private const int ConflictAttempts = 8;

    private readonly TableClient _entries;

    public JourneyEntryStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _entries = storage.Table(TableNames.JourneyEntries);
    }

    /// <summary>The accounts that may enter now under the journey's re-entry rule, in the given order; records their entry.</summary>
    public async Task<IReadOnlyList<string>> AdmitAsync(string journeyId, string runId, IReadOnlyList<string> accountIds, ReentryPolicy? policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var admitted = new ConcurrentDictionary<string, bool>(StringComparer.Ordinal);
        await ForEachChunkAsync(journeyId, accountIds, async (partition, chunk, ct) =>
        {
            foreach (string account in await AdmitChunkAsync(partition, runId, chunk, policy, now, ct))
            {
                admitted[account] = true;
            }
        }, cancellationToken);
        return accountIds.Where(admitted.ContainsKey).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The run an account is in now in this journey, or null when it is not in the journey.</summary>
    public async Task<string?> GetCurrentRunAsync(string journeyId, string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _entries.GetEntityIfExistsAsync<TableEntity>(PartitionOf(journeyId, accountId), accountId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("CurrentRunId") : null;
    }

    /// <summary>Marks accounts as out of the journey after <paramref name="runId"/> is done with them (others are left alone).</summary>
    public Task ReleaseAsync(string journeyId, string runId, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        ForEachChunkAsync(journeyId, accountIds, (partition, chunk, ct) => DecideAndWriteAsync(partition, chunk, (account, row) =>
        {
            if (row?.GetString("CurrentRunId") != runId)
            {
                return null;
            }

            row["CurrentRunId"] = null;
            return new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, row.ETag);
        }, ct), cancellationToken);

    private static string PartitionOf(string journeyId, string accountId) =>
        string.Create(CultureInfo.InvariantCulture, $"{journeyId}~{StableId.Bucket(accountId, Buckets):D2}");

    /// <summary>Runs <paramref name="action"/> on the distinct accounts grouped by partition, 100 at most per call.</summary>
    private static Task ForEachChunkAsync(string journeyId, IReadOnlyList<string> accountIds, Func<string, string[], CancellationToken, Task> action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        IEnumerable<(string Partition, string[] Accounts)> chunks = accountIds
            .Distinct(StringComparer.Ordinal)
            .GroupBy(a => PartitionOf(journeyId, a), StringComparer.Ordinal)
            .SelectMany(p => p.Chunk(BatchWriter.MaxBatchSize).Select(chunk => (p.Key, chunk)));
        return Parallel.ForEachAsync(
            chunks,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (chunk, ct) => await action(chunk.Partition, chunk.Accounts, ct));
    }

    private async Task<IReadOnlyList<string>> AdmitChunkAsync(string partition, string runId, string[] accounts, ReentryPolicy? policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var admitted = new List<string>();
        await DecideAndWriteAsync(partition, accounts, (account, row) =>
        {
            if (row?.GetString("LastRunId") == runId)
            {
                admitted.Add(account); // this run admitted it already (a retried activity)
                return null;
            }

            if (row is not null && !MayReenter(row, policy, now))
            {
                return null;
            }

            admitted.Add(account);
            var entry = new TableEntity(partition, account)
            {
                ["Entries"] = (row?.GetInt32("Entries") ?? 0) + 1,
                ["LastEnteredAt"] = now,
                ["CurrentRunId"] = runId,
                ["LastRunId"] = runId,
            };
            return row is null
                ? new TableTransactionAction(TableTransactionActionType.Add, entry)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entry, row.ETag);
        }, cancellationToken, onRetry: admitted.Clear);
        return admitted;
    }

    /// <summary>
    /// Reads the chunk's stored rows, asks <paramref name="decide"/> what to write for each account (null: nothing),
    /// and writes it all in one transaction conditioned on what was read; when another run wrote one of the rows in
    /// between, it reads and decides again on what that run wrote.
    /// </summary>
    private async Task DecideAndWriteAsync(
        string partition, string[] accounts, Func<string, TableEntity?, TableTransactionAction?> decide, CancellationToken cancellationToken, Action? onRetry = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            Dictionary<string, TableEntity> stored = await ReadAsync(partition, accounts, cancellationToken);
            List<TableTransactionAction> writes = accounts
                .Select(a => decide(a, stored.GetValueOrDefault(a)))
                .OfType<TableTransactionAction>()
                .ToList();
            try
            {
                if (writes.Count > 0)
                {
                    await _entries.SubmitTransactionAsync(writes, cancellationToken);
                }

                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < ConflictAttempts)
            {
                onRetry?.Invoke();
            }
        }
    }

    /// <summary>The stored rows of <paramref name="accounts"/> (all in <paramref name="partition"/>) with one key-range query.</summary>
    private async Task<Dictionary<string, TableEntity>> ReadAsync(string partition, string[] accounts, CancellationToken cancellationToken)
    {
        string first = accounts.Min(StringComparer.Ordinal)!;
        string last = accounts.Max(StringComparer.Ordinal)!;
        var wanted = accounts.ToHashSet(StringComparer.Ordinal);
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {first} and RowKey le {last}");
        await foreach (TableEntity row in _entries.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (wanted.Contains(row.RowKey))
            {
                stored[row.RowKey] = row;
            }
        }

        return stored;
    }

    private static bool MayReenter(TableEntity row, ReentryPolicy? policy, DateTimeOffset now)
    {
        if (policy is not { Enabled: true } || row.GetString("CurrentRunId") is not null)
        {
            return false;
        }

        if (policy.MaxEntries is { } max && (row.GetInt32("Entries") ?? 0) >= max)
        {
            return false;
        }

        TimeSpan wait = policy.WaitPeriod is { } text && JourneyValidator.TryParseDuration(text, out TimeSpan period) ? period : TimeSpan.Zero;
        return row.GetDateTimeOffset("LastEnteredAt") is not { } last || now - last >= wait;
    }
}
