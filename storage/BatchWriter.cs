using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage;

/// <summary>Writes entities as 100-entity transactions per partition, the Azure Tables maximum.</summary>
public static class BatchWriter
{
    public const int MaxBatchSize = 100;

    /// <summary>
    /// The text one transaction carries at most: its 4 MiB limit is on the wire, where the SDK may write a character
    /// as up to six bytes (<c>\uXXXX</c>), so 600,000 characters stay inside it whatever the text.
    /// </summary>
    public const int TransactionChars = 600_000;

    /// <summary>Items in transactions of at most 100 rows and <see cref="TransactionChars"/> of text (keys and string properties).</summary>
    public static IEnumerable<List<T>> SizedTransactions<T>(IEnumerable<T> items, Func<T, TableEntity> row)
    {
        ArgumentNullException.ThrowIfNull(row);
        List<T> current = [];
        int chars = 0;
        foreach (T item in items)
        {
            int size = row(item).Sum(p => (p.Value as string)?.Length ?? 0);
            if (current.Count > 0 && (current.Count == MaxBatchSize || chars + size > TransactionChars))
            {
                yield return current;
                (current, chars) = ([], 0);
            }

            current.Add(item);
            chars += size;
        }

        if (current.Count > 0)
        {
            yield return current;
        }
    }

    /// <summary>Upserts (replace) every entity, grouped by partition, in transactions of at most 100.</summary>
    public static Task<int> UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        SubmitAsync(table, entities, TableTransactionActionType.UpsertReplace, cancellationToken);

    /// <summary>Upserts (merge: properties not given stay) every entity, grouped by partition, in transactions of at most 100.</summary>
    public static Task<int> MergeAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        SubmitAsync(table, entities, TableTransactionActionType.UpsertMerge, cancellationToken);

    /// <summary>
    /// Writes every entity like <see cref="UpsertAsync"/>, but tries each transaction as plain inserts first: a journal
    /// written once is almost always new, and an insert skips the lookup an upsert makes (Azurite finds a row by
    /// scanning its partition). A transaction that meets an existing row (a retry) is written again as upserts.
    /// </summary>
    public static Task<int> InsertOrReplaceAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        InsertOrReplaceAsync(ShardedTable.Unsharded(table), entities, cancellationToken);

    /// <summary><see cref="InsertOrReplaceAsync(TableClient, IEnumerable{ITableEntity}, CancellationToken)"/>, each partition into its table.</summary>
    public static Task<int> InsertOrReplaceAsync(ShardedTable tables, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        SubmitEachAsync(tables, entities, async (table, chunk, ct) =>
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Add, e)), ct);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), ct);
            }
        }, cancellationToken);

    /// <summary>
    /// Deletes every row named by (partition, row) key, grouped by partition, in transactions of at most 100; rows
    /// already gone (a retried call) are fine: a transaction that meets one deletes its rows one by one.
    /// </summary>
    public static Task<int> DeleteAsync(TableClient table, IEnumerable<(string Partition, string Row)> keys, CancellationToken cancellationToken = default) =>
        SubmitEachAsync(ShardedTable.Unsharded(table), keys.Distinct().Select(k => (ITableEntity)new TableEntity(k.Partition, k.Row)), async (table, chunk, ct) =>
        {
            try
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.Delete, e, ETag.All)), ct);
            }
            catch (TableTransactionFailedException e) when (e.Status == 404)
            {
                foreach (ITableEntity row in chunk)
                {
                    await table.DeleteEntityAsync(row.PartitionKey, row.RowKey, ETag.All, ct);
                }
            }
        }, cancellationToken);

    /// <summary>Transactions in flight at once: the store works on one while the next is on the wire.</summary>
    private const int Concurrency = 4;

    private static Task<int> SubmitAsync(TableClient table, IEnumerable<ITableEntity> entities, TableTransactionActionType action, CancellationToken cancellationToken) =>
        SubmitEachAsync(ShardedTable.Unsharded(table), entities, (table, chunk, ct) => table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(action, e)), ct), cancellationToken);

    /// <summary>Groups the entities by partition into chunks of at most 100 and submits each to its partition's table, a few at a time.</summary>
    private static async Task<int> SubmitEachAsync(ShardedTable tables, IEnumerable<ITableEntity> entities, Func<TableClient, ITableEntity[], CancellationToken, Task> submit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tables);
        int written = 0;
        IEnumerable<ITableEntity[]> chunks = entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatchSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            await submit(tables.For(chunk[0].PartitionKey), chunk, ct);
            Interlocked.Add(ref written, chunk.Length);
        });
        return written;
    }
}
