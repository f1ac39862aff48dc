using System.Globalization;
using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Outbox;

/// <summary>
/// Emails, SMS and sales alerts waiting for delivery (table <c>Outbox</c>). PK = <c>{kind}~{scope}~{bucket}</c> (scope:
/// the journey for emails, the run for the others; bucket: <see cref="OutboxDispatch.Bucket"/> of the target, two
/// digits), RK = <c>{message}~{target}</c>: the key is the "at most once" rule itself,
/// so a retried action finds its own rows and rewrites them, and another run of the journey finds the email sent.
/// Every write also puts its targets on the <c>outbox-dispatch</c> queue in batches for the dispatcher; a retried
/// write queues them again, which the dispatcher's send ledger makes harmless.
/// </summary>
public sealed class OutboxStore : IOutboxStore
{
    private readonly TableClient _outbox;
    private readonly QueueClient _dispatch;

    /// <param name="storage">The app's storage account.</param>
    /// <param name="dispatchQueue">The dispatcher's queue; tests that drain it themselves give one of their own.</param>
    public OutboxStore(StorageAccount storage, string dispatchQueue = QueueNames.OutboxDispatch)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _outbox = storage.Table(TableNames.Outbox);
        _dispatch = storage.Queue(dispatchQueue);
    }

    /// <summary>Queues each message unless its target already got <paramref name="messageKey"/> in <paramref name="scope"/> from another run.</summary>
    public async Task<OutboxResult> QueueOnceAsync(
        OutboxKind kind, string scope, string messageKey, IReadOnlyCollection<OutboxMessage> messages, string runId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        Dictionary<string, OutboxMessage> byTarget = messages.DistinctBy(m => m.TargetId, StringComparer.Ordinal).ToDictionary(m => m.TargetId, StringComparer.Ordinal);
        OutboxResult result = await OwnOnceAsync(kind, scope, messageKey, byTarget.Keys, runId, nodeId, at, target =>
        {
            OutboxMessage message = byTarget[target];
            var row = new TableEntity { ["To"] = message.To, ["AccountId"] = message.AccountId };
            // Personalized text can pass what one property holds (32K characters): it spans numbered properties.
            LargeText.Write(row, "Subject", message.Subject);
            LargeText.Write(row, "Body", message.Body);
            return row;
        }, cancellationToken);
        await DispatchAsync(result.Queued.GroupBy(OutboxDispatch.Bucket).OrderBy(g => g.Key)
            .SelectMany(bucket => bucket.Order(StringComparer.Ordinal).Chunk(OutboxDispatch.MaxTargets))
            .Select(targets => new OutboxDispatch(kind, scope, messageKey, runId, nodeId, targets)), TimeSpan.Zero, cancellationToken);
        return result;
    }

    /// <summary>The rule of <see cref="QueueOnceAsync"/> for a message another system sends: its rows name the sender and hold no content, and nothing is queued.</summary>
    public Task<OutboxResult> ClaimOnceAsync(
        OutboxKind kind, string scope, string messageKey, IReadOnlyCollection<string> targets, string sentBy, string runId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        OwnOnceAsync(kind, scope, messageKey, targets, runId, nodeId, at, _ => new TableEntity { ["SentBy"] = sentBy }, cancellationToken);

    /// <summary>Puts dispatch batches on the queue, visible after <paramref name="delay"/> (the dispatcher's follow-ups wait).</summary>
    public Task DispatchAsync(IEnumerable<OutboxDispatch> batches, TimeSpan delay, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (batch, ct) =>
            await _dispatch.SendMessageAsync(JsonSerializer.Serialize(batch, JsonDefaults.Options), delay, cancellationToken: ct));

    /// <summary>Every queued message of a kind and scope (for delivery and tests).</summary>
    public async Task<List<TableEntity>> GetAsync(OutboxKind kind, string scope, CancellationToken cancellationToken = default)
    {
        var messages = new List<TableEntity>();
        string first = Partition(kind, scope, 0)[..^2];
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey lt {first + "\u007f"}");
        await foreach (TableEntity message in _outbox.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>The queued rows of a dispatch batch (target -> row), read with one range query.</summary>
    public async Task<Dictionary<string, TableEntity>> GetBatchAsync(OutboxDispatch batch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(batch);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (batch.Targets.Count == 0)
        {
            return rows;
        }

        string prefix = batch.MessageKey + "~";
        var wanted = batch.Targets.ToHashSet(StringComparer.Ordinal);
        // One query: the dispatcher's batches are of one bucket (a hand-made one of several costs a query per bucket).
        foreach (IGrouping<int, string> bucket in wanted.GroupBy(OutboxDispatch.Bucket))
        {
            Dictionary<string, TableEntity> found = await KeyedReads.GetAsync(
                _outbox, Partition(batch.Kind, batch.Scope, bucket.Key), [.. bucket.Select(target => prefix + target)], pointReadsAtMost: 0, cancellationToken: cancellationToken);
            // Only the run and node that queued it deliver it (another run's row is that run's message).
            foreach (TableEntity row in found.Values.Where(row => row.GetString("RunId") == batch.RunId && row.GetString("NodeId") == batch.NodeId))
            {
                rows[row.GetString("TargetId")] = row;
            }
        }

        return rows;
    }

    private static string Partition(OutboxKind kind, string scope, int bucket) => string.Create(CultureInfo.InvariantCulture, $"{kind}~{scope}~{bucket:D2}");

    /// <summary>
    /// The "at most once" rule: a target's row under (kind, scope, message) names the run and node that send it. This
    /// run and node rewrite their own rows (a retry); the others' targets are left out; new rows are inserted, so when
    /// two runs claim a target at once one insert fails, and that run reads again and finds the target taken.
    /// </summary>
    private async Task<OutboxResult> OwnOnceAsync(
        OutboxKind kind, string scope, string messageKey, IReadOnlyCollection<string> targets, string runId, string nodeId, DateTimeOffset at,
        Func<string, TableEntity> content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var owned = new List<string>();
        var taken = new List<string>();
        // Each bucket is its own partition: its own read and transactions (a few buckets at once).
        await Parallel.ForEachAsync(targets.Distinct(StringComparer.Ordinal).GroupBy(OutboxDispatch.Bucket), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
            async (bucket, ct) =>
            {
                OutboxResult result = await OwnBucketOnceAsync(Partition(kind, scope, bucket.Key), messageKey, [.. bucket], runId, nodeId, at, content, ct);
                lock (owned)
                {
                    owned.AddRange(result.Queued);
                    taken.AddRange(result.AlreadyReceived);
                }
            });
        return new OutboxResult(owned, taken);
    }

    /// <summary><see cref="OwnOnceAsync"/> for the targets of one partition.</summary>
    private async Task<OutboxResult> OwnBucketOnceAsync(
        string partition, string messageKey, List<string> wanted, string runId, string nodeId, DateTimeOffset at, Func<string, TableEntity> content, CancellationToken cancellationToken)
    {
        string prefix = messageKey + "~";
        string owner = $"{runId}~{nodeId}";
        for (int attempt = 1; ; attempt++)
        {
            Dictionary<string, string> sentBy = await SentByAsync(partition, prefix, wanted, cancellationToken);
            List<string> mine = wanted.Where(t => !sentBy.TryGetValue(t, out string? by) || by == owner).ToList();
            List<TableTransactionAction> writes = mine.Select(target =>
            {
                TableEntity row = content(target);
                row.PartitionKey = partition;
                row.RowKey = prefix + target;
                row["TargetId"] = target;
                row["RunId"] = runId;
                row["NodeId"] = nodeId;
                row["QueuedAt"] = at;
                return new TableTransactionAction(sentBy.ContainsKey(target) ? TableTransactionActionType.UpsertReplace : TableTransactionActionType.Add, row);
            }).ToList();
            try
            {
                await Parallel.ForEachAsync(BatchWriter.SizedTransactions(writes, w => (TableEntity)w.Entity), new ParallelOptions { MaxDegreeOfParallelism = 4, CancellationToken = cancellationToken },
                    async (chunk, ct) => await _outbox.SubmitTransactionAsync(chunk, ct));
                return new OutboxResult(mine, wanted.Except(mine, StringComparer.Ordinal).ToList());
            }
            catch (RequestFailedException e) when (e.Status == 409 && attempt < 3)
            {
                // Another run or node claimed one of these targets since the read: read again.
            }
        }
    }

    /// <summary>Which of <paramref name="targets"/> already have this message: target -> the run and node that queued it, read with one range query.</summary>
    private async Task<Dictionary<string, string>> SentByAsync(string partition, string prefix, List<string> targets, CancellationToken cancellationToken)
    {
        Dictionary<string, TableEntity> found = await KeyedReads.GetAsync(
            _outbox, partition, [.. targets.Select(target => prefix + target)], ["RowKey", "TargetId", "RunId", "NodeId"], pointReadsAtMost: 0, cancellationToken);
        return found.Values.ToDictionary(row => row.GetString("TargetId"), row => $"{row.GetString("RunId")}~{row.GetString("NodeId")}", StringComparer.Ordinal);
    }
}
