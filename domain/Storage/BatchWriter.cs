using Azure.Data.Tables;

namespace JourneyFunctions.Domain.Storage;

/// <summary>Writes entities as 100-entity transactions per partition, the Azure Tables maximum.</summary>
public static class BatchWriter
{
    public const int MaxBatchSize = 100;

    /// <summary>Upserts (replace) every entity, grouped by partition, in transactions of at most 100.</summary>
    public static Task<int> UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        SubmitAsync(table, entities, TableTransactionActionType.UpsertReplace, cancellationToken);

    /// <summary>Upserts (merge: properties not given stay) every entity, grouped by partition, in transactions of at most 100.</summary>
    public static Task<int> MergeAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default) =>
        SubmitAsync(table, entities, TableTransactionActionType.UpsertMerge, cancellationToken);

    /// <summary>Transactions in flight at once: the store works on one while the next is on the wire.</summary>
    private const int Concurrency = 4;

    private static async Task<int> SubmitAsync(TableClient table, IEnumerable<ITableEntity> entities, TableTransactionActionType action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        int written = 0;
        IEnumerable<ITableEntity[]> chunks = entities
            .GroupBy(e => e.PartitionKey, StringComparer.Ordinal)
            .SelectMany(partition => partition.Chunk(MaxBatchSize));
        await Parallel.ForEachAsync(chunks, new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken }, async (chunk, ct) =>
        {
            await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(action, e)), ct);
            Interlocked.Add(ref written, chunk.Length);
        });
        return written;
    }
}
