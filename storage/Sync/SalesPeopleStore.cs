using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The sales app's people: tables <c>SalesPeople0..7</c> (<see cref="TableNames.SalesPeople"/>, a bucket in table
/// <c>bucket % 8</c>), PK = hash bucket, RK = Marketo ID. Every write is guarded by the marketing change version: an
/// older copy never replaces a newer copy or a newer tombstone. Lookups by email go through the index tables
/// <c>SalesPeopleByEmail0..7</c> (<see cref="SalesEmailIndex"/>), never a table scan.
/// </summary>
public sealed class SalesPeopleStore
{
    /// <summary>
    /// The sales rows an instance remembers with their ETags, so a change to a person it wrote or read recently is one
    /// conditional write without a read first: two generations of this many, at most 131,071 rows, about 60 MB.
    /// </summary>
    public const int RememberedRowsPerGeneration = 65_536;

    /// <summary>Retries of one transaction that lost a race with another writer before giving up (the caller retries later).</summary>
    private const int ConflictAttempts = 8;

    /// <summary>The fields the lookup indexes hold: a copy whose stored row has the same values already has its entries.</summary>
    private static readonly string[] IndexedFields = [PersonFields.Email, PersonFields.SalesforceContactId, PersonFields.SalesforceLeadId];

    private static readonly string[] VersionColumns = ["RowKey", SalesPerson.SourceVersion, SalesPerson.Removed, SalesPerson.SyncRun, .. IndexedFields];

    /// <summary>What the sweep needs to judge a row (the ETag comes with every row).</summary>
    private static readonly string[] SweepColumns = ["RowKey", "Timestamp", SalesPerson.SourceVersion, SalesPerson.Removed, SalesPerson.SyncRun];

    private readonly ShardedTable _sales;
    private readonly ShardedTable _byEmail;
    private readonly ShardedTable? _bySalesforceId;
    private readonly RecentSalesRows _recent;

    public SalesPeopleStore(StorageAccount storage)
        : this(
            new ShardedTable(storage, TableNames.SalesPeople, SalesBuckets.IndexOf),
            new ShardedTable(storage, TableNames.SalesPeopleByEmail, SalesBuckets.IndexOf),
            new ShardedTable(storage, TableNames.SalesPeopleBySalesforceId, SalesBuckets.IndexOf))
    {
    }

    /// <summary>
    /// A store over other tables of the same shape: tests that sweep a whole table use their own, so they cannot
    /// remove rows of tests running beside them on the same storage.
    /// </summary>
    /// <param name="sales">The copies.</param>
    /// <param name="byEmail">The email index.</param>
    /// <param name="bySalesforceId">The Salesforce id index (<see cref="SalesforceIdIndex"/>); none = not kept.</param>
    /// <param name="rememberedRowsPerGeneration">See <see cref="RememberedRowsPerGeneration"/>; 0 remembers none.</param>
    public SalesPeopleStore(ShardedTable sales, ShardedTable byEmail, ShardedTable? bySalesforceId = null, int rememberedRowsPerGeneration = RememberedRowsPerGeneration)
    {
        _sales = sales ?? throw new ArgumentNullException(nameof(sales));
        _byEmail = byEmail ?? throw new ArgumentNullException(nameof(byEmail));
        _bySalesforceId = bySalesforceId;
        _recent = new RecentSalesRows(rememberedRowsPerGeneration);
    }

    /// <summary>A sales person, or null when absent or removed.</summary>
    public async Task<TableEntity?> GetAsync(string marketoId, CancellationToken cancellationToken = default)
    {
        TableEntity? stored = await GetStoredAsync(marketoId, columns: null, cancellationToken);
        return stored is null || SalesPerson.IsRemoved(stored) ? null : stored;
    }

    /// <summary>
    /// Writes copies and tombstones in batch transactions per bucket, each unless the stored row came from a newer
    /// marketing version. Each transaction first tries plain inserts, which succeed whenever the rows are new (the
    /// whole first initial sync) at no extra read; when a row exists, the transaction reads the stored versions of
    /// its rows and writes the newer ones with ETag conditions, so a writer in between makes it decide again.
    /// </summary>
    public async Task<SalesWriteResult> WriteIfNewerAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        List<TableEntity> all = rows as List<TableEntity> ?? [.. rows];
        // The index first: an entry whose copy is not (yet) written is a hint a lookup checks and drops, while a copy
        // written before its entry could be missed by a lookup.
        await AddIndexEntriesAsync(all, cancellationToken);
        return await WriteChunksAsync(all, insertFirst: true, cancellationToken);
    }

    /// <summary>
    /// Writes changed copies and tombstones of people the sales copy most likely holds already (the incremental sync),
    /// each unless the stored row came from a newer marketing version. Unlike <see cref="WriteIfNewerAsync"/> it judges
    /// each row against the stored one first instead of trying inserts that would fail, and adds lookup index entries
    /// only for copies whose email or Salesforce ids differ from the stored row's (a live stored copy's entries were
    /// written before it), still before the copies. The stored row is the one this instance remembers writing or reading
    /// (<see cref="RememberedRowsPerGeneration"/>) when the change would replace it, checked by the write's ETag
    /// condition; else a point read: one write per bucket, and a read per person this instance does not know.
    /// </summary>
    public Task<SalesWriteResult> WriteChangesIfNewerAsync(IEnumerable<TableEntity> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        return WriteChunksAsync(rows, insertFirst: false, cancellationToken);
    }

    /// <summary>
    /// Every sales person with this email (duplicates are kept as separate people): the index names the candidates,
    /// and each is read by key and kept only while it is live and still has that email (entries are never removed;
    /// one left by a changed email or a removal is a stale hint). Spaces around the address, asked or stored, do not count.
    /// </summary>
    public async Task<List<TableEntity>> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        email = SalesEmailIndex.Key(email);
        var found = new List<TableEntity>();
        foreach (string marketoId in await SalesEmailIndex.CandidatesAsync(_byEmail, email, cancellationToken))
        {
            if (await GetAsync(marketoId, cancellationToken) is { } person && SalesEmailIndex.Key(person.GetString(PersonFields.Email)) == email)
            {
                found.Add(person);
            }
        }

        return found;
    }

    /// <summary>
    /// Every sales person whose contact or lead id is this Salesforce id (15 or 18 characters): the index names the
    /// candidates, each read by key and kept only while it is live and still holds the id. None without the index.
    /// </summary>
    public async Task<List<TableEntity>> FindBySalesforceIdAsync(string salesforceId, CancellationToken cancellationToken = default)
    {
        var found = new List<TableEntity>();
        foreach (string marketoId in _bySalesforceId is null ? [] : await SalesforceIdIndex.CandidatesAsync(_bySalesforceId, salesforceId, cancellationToken))
        {
            if (await GetAsync(marketoId, cancellationToken) is { } person && SalesforceIdIndex.Holds(person, salesforceId))
            {
                found.Add(person);
            }
        }

        return found;
    }

    /// <summary>
    /// One page of sales people (tombstones excluded) after <paramref name="continuation"/>, the tables one after
    /// another; the next token is null at the end. A token is <c>{table}~{that table's token}</c>.
    /// </summary>
    /// <exception cref="FormatException">The token is not one this store handed out.</exception>
    public async Task<(IReadOnlyList<TableEntity> People, string? Next)> ListAsync(string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        (int shard, string? token) = continuation is null ? (0, null)
            : ParseContinuation(continuation) ?? throw new FormatException("Not a continuation token of the sales people listing.");
        string filter = TableClient.CreateQueryFilter($"Removed eq {false}");
        for (; shard < _sales.Tables.Count; shard++, token = null)
        {
            await foreach (Page<TableEntity> page in _sales.Tables[shard].QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken).AsPages(token, pageSize))
            {
                if (page.ContinuationToken is { } more)
                {
                    return (page.Values, $"{shard}~{more}");
                }

                if (page.Values.Count > 0)
                {
                    return (page.Values, shard + 1 < _sales.Tables.Count ? $"{shard + 1}~" : null);
                }

                break; // this table is done and gave nothing more: on to the next
            }
        }

        return ([], null);
    }

    private (int Shard, string? Token)? ParseContinuation(string continuation)
    {
        int separator = continuation.IndexOf('~', StringComparison.Ordinal);
        return separator > 0
            && int.TryParse(continuation.AsSpan(0, separator), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int shard)
            && shard < _sales.Tables.Count
            ? (shard, separator + 1 == continuation.Length ? null : continuation[(separator + 1)..])
            : null;
    }

    /// <summary>
    /// The stored rows (key, <see cref="SalesPerson.SourceVersion"/>, <see cref="SalesPerson.Removed"/>; tombstones
    /// included) of these Marketo IDs, which must be valid keys, read per bucket as a batch write reads them (point reads for
    /// a few, one key-range query for more than <see cref="KeyedReads.PointReadsAtMost"/>).
    /// </summary>
    public async Task<Dictionary<string, TableEntity>> GetStoredVersionsAsync(IEnumerable<string> marketoIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(marketoIds);
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        foreach (IGrouping<string, string> bucket in marketoIds.Distinct(StringComparer.Ordinal).GroupBy(SalesBuckets.PartitionOf, StringComparer.Ordinal))
        {
            foreach (KeyValuePair<string, TableEntity> row in await KeyedReads.GetAsync(_sales.For(bucket.Key), bucket.Key, [.. bucket], VersionColumns, cancellationToken: cancellationToken))
            {
                stored[row.Key] = row.Value;
            }
        }

        return stored;
    }

    /// <summary>The Marketo IDs of every live sales person (tombstones excluded), table by table, reading only the keys.</summary>
    public async IAsyncEnumerable<string> ListLiveIdsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string filter = TableClient.CreateQueryFilter($"Removed eq {false}");
        foreach (TableClient table in _sales.Tables)
        {
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken))
            {
                yield return row.RowKey;
            }
        }
    }

    /// <summary>
    /// The sweep at the end of a full sync, for one bucket: tombstones every person that run <paramref name="syncRun"/>
    /// did not confirm (<see cref="SalesPerson.SyncRun"/> names another run or none) and that nobody wrote since the run
    /// started (<paramref name="runStartedAt"/>, by the storage clock that sets each row's Timestamp), so a copy an
    /// incremental change wrote after the run read the person stays. A tombstone keeps the copy's version, so any later
    /// change replaces it, and replaces the copy only under the ETag it was judged by: a write in between makes the
    /// bucket be read and judged again.
    /// </summary>
    /// <returns>
    /// How many people of the bucket this run's sweep has removed, earlier attempts included (their tombstones carry
    /// the run), so a retried sweep reports the same count.
    /// </returns>
    public async Task<int> RemoveUnconfirmedAsync(string bucket, string syncRun, DateTimeOffset runStartedAt, CancellationToken cancellationToken = default)
    {
        for (int attempt = 1; attempt <= ConflictAttempts; attempt++)
        {
            (List<TableEntity> unconfirmed, int removedEarlier) = await FindUnconfirmedAsync(bucket, syncRun, runStartedAt, cancellationToken);
            bool allWritten = true;
            foreach (TableEntity[] chunk in unconfirmed.Chunk(BatchWriter.MaxBatchSize))
            {
                List<TableTransactionAction> tombstones = [.. chunk.Select(row => new TableTransactionAction(
                    TableTransactionActionType.UpdateReplace,
                    SalesPerson.Tombstone(row.RowKey, row.GetInt64(SalesPerson.SourceVersion) ?? 0, syncRun),
                    row.ETag))];
                allWritten &= await TrySubmitAsync(bucket, tombstones, cancellationToken);
            }

            if (allWritten)
            {
                return removedEarlier + unconfirmed.Count;
            }
        }

        throw new InvalidOperationException($"Sales bucket {bucket} kept changing under the sweep of sync run {syncRun}; giving up for now so the caller retries.");
    }

    /// <summary>One bucket's live rows the sweep must remove, and how many tombstones this run's sweep already wrote there.</summary>
    private async Task<(List<TableEntity> Unconfirmed, int RemovedEarlier)> FindUnconfirmedAsync(string bucket, string syncRun, DateTimeOffset runStartedAt, CancellationToken cancellationToken)
    {
        var unconfirmed = new List<TableEntity>();
        int removedEarlier = 0;
        // Only rows the sweep may remove or count come back: live copies nobody wrote since (a little after) the run
        // started, and this run's tombstones. The copies the run confirmed, nearly the whole bucket, stay on the server:
        // a million-person sweep read and parsed every one of them. The exact cut is the check below; the filter's is a
        // second later because Azurite compares timestamps to the millisecond.
        DateTimeOffset notWrittenBefore = runStartedAt + TimeSpan.FromSeconds(1);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey eq {bucket} and ((Removed eq {false} and Timestamp lt {notWrittenBefore}) or (Removed eq {true} and SyncRun eq {syncRun}))");
        await foreach (TableEntity row in _sales.For(bucket).QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: SweepColumns, cancellationToken: cancellationToken))
        {
            bool byThisRun = row.GetString(SalesPerson.SyncRun) == syncRun;
            if (SalesPerson.IsRemoved(row))
            {
                removedEarlier += byThisRun ? 1 : 0;
            }
            else if (!byThisRun && row.Timestamp < runStartedAt)
            {
                unconfirmed.Add(row);
            }
        }

        return (unconfirmed, removedEarlier);
    }

    private async Task<TableEntity?> GetStoredAsync(string marketoId, IEnumerable<string>? columns, CancellationToken cancellationToken)
    {
        string bucket = SalesBuckets.PartitionOf(marketoId);
        NullableResponse<TableEntity> found = await _sales.For(bucket).GetEntityIfExistsAsync<TableEntity>(bucket, marketoId, columns, cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>
    /// The index entries of every live copy among <paramref name="rows"/>, in both lookup indexes side by side: they
    /// are independent tables, so an initial-sync page's ~128 small transactions per index need not wait for the
    /// other index's.
    /// </summary>
    private Task AddIndexEntriesAsync(IReadOnlyCollection<TableEntity> rows, CancellationToken cancellationToken) =>
        Task.WhenAll(
            SalesEmailIndex.AddAsync(_byEmail, rows, cancellationToken),
            _bySalesforceId is null ? Task.CompletedTask : SalesforceIdIndex.AddAsync(_bySalesforceId, rows, cancellationToken));

    /// <summary>
    /// The rows in transactions per bucket of at most 100 (see <see cref="WriteChunkAsync"/>): 8 buckets at a time for
    /// the initial sync's pages, 16 for changes, whose few rows per bucket make each a short read and write, so one
    /// message's buckets (10 people mostly fall in 10) go in one wave instead of two.
    /// </summary>
    private async Task<SalesWriteResult> WriteChunksAsync(IEnumerable<TableEntity> rows, bool insertFirst, CancellationToken cancellationToken)
    {
        TableEntity[][] chunks = rows
            .GroupBy(r => r.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.DistinctBy(r => r.RowKey, StringComparer.Ordinal).Chunk(BatchWriter.MaxBatchSize))
            .ToArray();
        var results = new SalesWriteResult[chunks.Length];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, chunks.Length),
            new ParallelOptions { MaxDegreeOfParallelism = insertFirst ? 8 : 16, CancellationToken = cancellationToken },
            async (i, ct) => results[i] = await WriteChunkAsync(chunks[i], insertFirst, ct));
        return results.Aggregate(SalesWriteResult.None, (total, next) => total.Plus(next));
    }

    /// <summary>
    /// One bucket's rows, each unless the stored one is newer. With <paramref name="insertFirst"/> (index entries
    /// already written) plain inserts are tried first; otherwise, and when a row exists, the stored rows are read,
    /// the index entries of copies whose indexed values changed are added, and the newer rows written under ETag
    /// conditions, deciding again when another writer got in between.
    /// </summary>
    private async Task<SalesWriteResult> WriteChunkAsync(TableEntity[] chunk, bool insertFirst, CancellationToken cancellationToken)
    {
        string bucket = chunk[0].PartitionKey;
        if (insertFirst && await TrySubmitAsync(bucket, [.. chunk.Select(r => new TableTransactionAction(TableTransactionActionType.Add, r))], cancellationToken))
        {
            return new SalesWriteResult(chunk.Length, 0);
        }

        for (int attempt = 1; attempt <= ConflictAttempts; attempt++)
        {
            Dictionary<string, TableEntity> stored = await GetStoredRowsAsync(bucket, chunk, recall: !insertFirst && attempt == 1, cancellationToken);
            var actions = new List<TableTransactionAction>(chunk.Length);
            var unindexed = new List<TableEntity>();
            int confirmed = 0;
            foreach (TableEntity row in chunk)
            {
                TableEntity? current = stored.GetValueOrDefault(row.RowKey);
                if (current is not null && (current.GetInt64(SalesPerson.SourceVersion) ?? 0) > (row.GetInt64(SalesPerson.SourceVersion) ?? 0))
                {
                    // Kept as newer; but a full sync that read the person as a copy confirms it, or the run's sweep
                    // would remove a person the source still has.
                    if (Unconfirmed(current, row) is { } run)
                    {
                        actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateMerge, new TableEntity(bucket, row.RowKey) { [SalesPerson.SyncRun] = run }, current.ETag));
                        confirmed++;
                    }

                    continue;
                }

                actions.Add(current is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateReplace, row, current.ETag));
                if (!insertFirst && (current is null || SalesPerson.IsRemoved(current) || IndexedFields.Any(f => current.GetString(f) != row.GetString(f))))
                {
                    unindexed.Add(row);
                }
            }

            await AddIndexEntriesAsync(unindexed, cancellationToken);
            if (actions.Count == 0 || await TrySubmitAsync(bucket, actions, cancellationToken))
            {
                int written = actions.Count - confirmed;
                return new SalesWriteResult(written, chunk.Length - written);
            }
        }

        throw new InvalidOperationException($"Sales people {chunk[0].RowKey}..{chunk[^1].RowKey} kept changing under the sync; giving up for now so the caller retries.");
    }

    /// <summary>
    /// The stored rows (judged columns and ETag) of a chunk's people. With <paramref name="recall"/> (a change's first
    /// try), a remembered row the chunk's row would replace comes from memory; the write's ETag condition checks it, and
    /// a try that loses reads every row. A remembered row that would win is read: only the store may say a change is older.
    /// </summary>
    private async Task<Dictionary<string, TableEntity>> GetStoredRowsAsync(string bucket, TableEntity[] chunk, bool recall, CancellationToken cancellationToken)
    {
        var stored = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        var unknown = new List<string>(chunk.Length);
        foreach (TableEntity row in chunk)
        {
            if (recall && _recent.Recall(bucket, row.RowKey) is { } known
                && (known.GetInt64(SalesPerson.SourceVersion) ?? 0) <= (row.GetInt64(SalesPerson.SourceVersion) ?? 0))
            {
                stored[row.RowKey] = known;
            }
            else
            {
                unknown.Add(row.RowKey);
            }
        }

        if (unknown.Count > 0)
        {
            foreach (KeyValuePair<string, TableEntity> row in await KeyedReads.GetAsync(_sales.For(bucket), bucket, unknown, VersionColumns, cancellationToken: cancellationToken))
            {
                stored[row.Key] = row.Value;
                _recent.Remember(row.Value, row.Value.ETag);
            }
        }

        return stored;
    }

    /// <summary>The full-sync run of <paramref name="incoming"/> when it is a copy that run has not yet confirmed the live <paramref name="stored"/> row by, else null.</summary>
    private static string? Unconfirmed(TableEntity stored, TableEntity incoming) =>
        !SalesPerson.IsRemoved(stored) && !SalesPerson.IsRemoved(incoming) && incoming.GetString(SalesPerson.SyncRun) is { } run && stored.GetString(SalesPerson.SyncRun) != run
            ? run
            : null;

    /// <summary>
    /// Submits a transaction in <paramref name="bucket"/>, a single row as a plain entity request with the same
    /// condition (a change message's people mostly fall in buckets of their own, and a batch's multipart envelope costs
    /// Azurite more than the row); false when it lost to another writer (a row exists, its ETag moved on, or it is
    /// gone). Whole rows written are remembered with their new ETags; rows of a lost try and partial updates are forgotten.
    /// </summary>
    private async Task<bool> TrySubmitAsync(string bucket, List<TableTransactionAction> actions, CancellationToken cancellationToken)
    {
        TableClient table = _sales.For(bucket);
        IReadOnlyList<Response> answers;
        try
        {
            answers = actions switch
            {
                [{ ActionType: TableTransactionActionType.Add } one] => [await table.AddEntityAsync(one.Entity, cancellationToken)],
                [{ ActionType: TableTransactionActionType.UpdateReplace } one] => [await table.UpdateEntityAsync(one.Entity, one.ETag, TableUpdateMode.Replace, cancellationToken)],
                _ => (await table.SubmitTransactionAsync(actions, cancellationToken)).Value,
            };
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412 || (e.Status == 404 && e.ErrorCode != "TableNotFound"))
        {
            // A missing table is no lost race: it surfaces as it is instead of as rows that kept changing.
            foreach (TableTransactionAction action in actions)
            {
                _recent.Forget(action.Entity.RowKey);
            }

            return false;
        }

        for (int i = 0; i < actions.Count; i++)
        {
            if (actions[i] is { ActionType: TableTransactionActionType.Add or TableTransactionActionType.UpdateReplace, Entity: TableEntity row }
                && i < answers.Count && answers[i].Headers.ETag is { } etag)
            {
                _recent.Remember(row, etag);
            }
            else
            {
                _recent.Forget(actions[i].Entity.RowKey);
            }
        }

        return true;
    }
}
