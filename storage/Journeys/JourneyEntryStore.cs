using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// Entries of accounts into a journey (table <c>JourneyEntries</c>, PK = <c>{journey}~{bucket}</c>, RK = account id):
/// how often, when last, and the run an account is in now. Accounts are spread over <see cref="Buckets"/> partitions by
/// a stable hash, so a run admits and releases a batch of accounts in transactions of up to 100, each partition's
/// rows read with one key-range query. Admission is idempotent per run, so a retried snapshot
/// admits the same accounts again without counting a second entry.
/// </summary>
public sealed class JourneyEntryStore
{
    /// <summary>Part of every stored key: never changed. A multiple of <see cref="TableNames.PeopleShards"/> (see <c>AccountOrder</c>).</summary>
    public const int Buckets = 64;

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
        HashSet<string> admitted = await DecideAndWriteAsync(journeyId, accountIds, (account, row) =>
        {
            if (row?.GetString("LastRunId") == runId)
            {
                return new Decision(null, Selected: true); // this run admitted it already (a retried activity)
            }

            if (row is not null && !MayReenter(row, policy, now))
            {
                return new Decision(null, Selected: false);
            }

            var entry = new TableEntity(PartitionOf(journeyId, account), account)
            {
                ["Entries"] = (row?.GetInt32("Entries") ?? 0) + 1,
                ["LastEnteredAt"] = now,
                ["CurrentRunId"] = runId,
                ["LastRunId"] = runId,
            };
            return new Decision(
                row is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, entry)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, entry, row.ETag),
                Selected: true);
        }, cancellationToken);
        return accountIds.Where(admitted.Contains).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>The run an account is in now in this journey, or null when it is not in the journey.</summary>
    public async Task<string?> GetCurrentRunAsync(string journeyId, string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _entries.GetEntityIfExistsAsync<TableEntity>(PartitionOf(journeyId, accountId), accountId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("CurrentRunId") : null;
    }

    /// <summary>Marks accounts as out of the journey after <paramref name="runId"/> is done with them (others are left alone).</summary>
    public Task ReleaseAsync(string journeyId, string runId, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        DecideAndWriteAsync(journeyId, accountIds, (_, row) => row?.GetString("CurrentRunId") == runId
            ? new Decision(new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(row) { ["CurrentRunId"] = null }, row.ETag), Selected: true)
            : new Decision(null, Selected: false), cancellationToken);

    private static string PartitionOf(string journeyId, string accountId) =>
        string.Create(CultureInfo.InvariantCulture, $"{journeyId}~{StableId.Bucket(accountId, Buckets):D2}");

    /// <summary>
    /// For each partition's accounts, up to 100 at a time and 8 partitions side by side: reads their stored rows with
    /// one key-range query in that partition, asks <paramref name="decide"/> what to write for each, and writes those
    /// writes in one transaction conditioned on what was read. When another run wrote one of the rows in between, the
    /// rows are read again and decided again. Why one query per partition and not one across the journey's: a query
    /// over a range of partitions reads every row in them, in Azure as in Azurite, so a call's cost would grow with
    /// the journey's audience; a RowKey range inside one partition reads about what it returns.
    /// </summary>
    /// <returns>The accounts <paramref name="decide"/> selected, once their writes are stored.</returns>
    private async Task<HashSet<string>> DecideAndWriteAsync(
        string journeyId, IReadOnlyList<string> accountIds, Func<string, TableEntity?, Decision> decide, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var selected = new HashSet<string>(StringComparer.Ordinal);
        IEnumerable<(string Partition, string[] Accounts)> chunks = accountIds
            .Distinct(StringComparer.Ordinal)
            .GroupBy(a => PartitionOf(journeyId, a), StringComparer.Ordinal)
            .SelectMany(p => p.Chunk(BatchWriter.MaxBatchSize).Select(chunk => (p.Key, chunk)));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            for (int attempt = 1; ; attempt++)
            {
                Dictionary<string, TableEntity> rows = await ReadAsync(chunk.Partition, chunk.Accounts, ct);
                var decisions = chunk.Accounts.Select(a => (Account: a, Decision: decide(a, rows.GetValueOrDefault(a)))).ToList();
                List<TableTransactionAction> writes = [.. decisions.Select(d => d.Decision.Write).OfType<TableTransactionAction>()];
                try
                {
                    if (writes.Count > 0)
                    {
                        await _entries.SubmitTransactionAsync(writes, ct);
                    }
                }
                catch (RequestFailedException e) when (e.Status is 409 or 412 && attempt < ConflictAttempts)
                {
                    continue;
                }

                lock (selected)
                {
                    selected.UnionWith(decisions.Where(d => d.Decision.Selected).Select(d => d.Account));
                }

                return;
            }
        });
        return selected;
    }

    /// <summary>The stored rows of <paramref name="accounts"/>, all of <paramref name="partition"/>.</summary>
    private Task<Dictionary<string, TableEntity>> ReadAsync(string partition, IReadOnlyCollection<string> accounts, CancellationToken cancellationToken) =>
        KeyedReads.GetAsync(_entries, partition, accounts, pointReadsAtMost: 0, cancellationToken: cancellationToken);

    /// <summary>What to write for one account (null: nothing) and whether the caller wants it in its result.</summary>
    private readonly record struct Decision(TableTransactionAction? Write, bool Selected);

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
