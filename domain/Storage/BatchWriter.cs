using Azure.Data.Tables;

namespace JourneyFunctions.Domain.Storage;

/// <summary>Writes entities as 100-entity transactions per partition, the Azure Tables maximum.</summary>
public static class BatchWriter
{
    public const int MaxBatchSize = 100;

    /// <summary>Upserts (replace) every entity, grouped by partition, in transactions of at most 100.</summary>
    public static async Task<int> UpsertAsync(TableClient table, IEnumerable<ITableEntity> entities, CancellationToken cancellationToken = default)
    {
        int written = 0;
        foreach (IGrouping<string, ITableEntity> partition in entities.GroupBy(e => e.PartitionKey, StringComparer.Ordinal))
        {
            foreach (ITableEntity[] chunk in partition.Chunk(MaxBatchSize))
            {
                await table.SubmitTransactionAsync(chunk.Select(e => new TableTransactionAction(TableTransactionActionType.UpsertReplace, e)), cancellationToken);
                written += chunk.Length;
            }
        }

        return written;
    }
}
