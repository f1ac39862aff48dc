using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Outbox;

namespace JourneyFunctions.Storage.Delivery;

/// <summary>
/// The send ledger (table <c>Deliveries</c>): one row per message, PK = <c>{run}~{node}~{bucket}</c> (for the kinds the
/// dispatcher sends, the target's <see cref="OutboxDispatch.Bucket"/>; 00 for Marketo calls), RK = <c>{kind}~{target}</c>,
/// so a dispatch batch (one run, node, kind and bucket) reads and claims its rows in one query and one transaction, and
/// so does a Marketo call. A row
/// is claimed (<see cref="DeliveryStatus.Sending"/> with a lease) before its message goes to the provider and holds
/// the outcome after; a row in a final status is never sent again, and a claim whose lease has not ended belongs to
/// a dispatcher still working on it.
/// </summary>
public sealed class DeliveryLedger
{
    /// <summary>Attempts (claims) per message before transient errors count as <see cref="DeliveryStatus.Failed"/>.</summary>
    public const int MaxAttempts = 5;

    /// <summary>
    /// Tries a provider may answer with a wait (<c>Retry-After</c>: a 429, or a 5xx that says when) before the message
    /// counts as <see cref="DeliveryStatus.Failed"/>: such tries use up no attempt, since the provider only asked for
    /// time, but a provider that never stops asking must not keep a message for ever.
    /// </summary>
    public const int MaxThrottled = 50;

    /// <summary>
    /// How long a claim keeps other dispatchers off its message. It outlasts a dispatch call's send budget plus one
    /// send's worst case, so only a dead dispatcher's claim ever expires (see OutboxDispatcher).
    /// </summary>
    public static readonly TimeSpan Lease = TimeSpan.FromSeconds(60);

    /// <summary>Until when another attempt holds <paramref name="row"/>'s message (claimed, not yet recorded, lease running); null when nobody does.</summary>
    public static DateTimeOffset? HeldUntil(TableEntity? row, DateTimeOffset now) =>
        row?.GetString("Status") == nameof(DeliveryStatus.Sending) && row.GetDateTimeOffset("LeaseUntil") is { } lease && lease > now ? lease : null;

    private readonly TableClient _ledger;

    public DeliveryLedger(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _ledger = storage.Table(TableNames.Deliveries);
    }

    /// <summary>The stable message id of (run, node, target): the same on every attempt and after a crash.</summary>
    public static string MessageId(string runId, string nodeId, string targetId) => StableId.Of($"{runId}~{nodeId}~{targetId}", 32);

    /// <summary>The ledger rows of these targets (target -> row), read with one range query.</summary>
    public async Task<Dictionary<string, TableEntity>> GetAsync(string runId, string nodeId, OutboxKind kind, IReadOnlyCollection<string> targets, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var rows = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        if (targets.Count == 0)
        {
            return rows;
        }

        foreach (IGrouping<string, string> partition in targets.Distinct(StringComparer.Ordinal).GroupBy(t => Partition(runId, nodeId, kind, t)))
        {
            foreach (TableEntity row in (await KeyedReads.GetAsync(_ledger, partition.Key, [.. partition.Select(t => Row(kind, t))], pointReadsAtMost: 0, cancellationToken: cancellationToken)).Values)
            {
                rows[row.GetString("TargetId")] = row;
            }
        }

        return rows;
    }

    /// <summary>
    /// Claims messages for sending in one transaction per partition and 100: new rows are inserted, earlier ones (retrying, or a dead
    /// dispatcher's claim) replaced under their ETag, so two dispatchers never both claim one message: the loser's
    /// transaction fails and its queue message is tried again later.
    /// </summary>
    /// <returns>The claims, each with the ETag its outcome is written under and its attempt number.</returns>
    public async Task<List<DeliveryClaim>> ClaimAsync(
        string runId, string nodeId, OutboxKind kind, IReadOnlyList<(string TargetId, string To, TableEntity? Existing)> messages, DateTimeOffset now, TimeSpan? lease = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var claims = new DeliveryClaim[messages.Count];
        // Grouped per partition (a transaction holds one), and returned in the order given, as callers pair them with their messages.
        foreach (int[] chunk in Enumerable.Range(0, messages.Count).GroupBy(i => Partition(runId, nodeId, kind, messages[i].TargetId)).SelectMany(p => p.Chunk(BatchWriter.MaxBatchSize)))
        {
            var actions = new List<TableTransactionAction>(chunk.Length);
            foreach ((string target, string to, TableEntity? existing) in chunk.Select(i => messages[i]))
            {
                var row = new TableEntity(Partition(runId, nodeId, kind, target), Row(kind, target))
                {
                    ["RunId"] = runId,
                    ["NodeId"] = nodeId,
                    ["Kind"] = kind.ToString(),
                    ["TargetId"] = target,
                    ["To"] = to,
                    ["MessageId"] = MessageId(runId, nodeId, target),
                    ["Status"] = nameof(DeliveryStatus.Sending),
                    ["Attempts"] = Attempt(existing),
                    ["LeaseUntil"] = now + (lease ?? Lease),
                    ["UpdatedAt"] = now,
                };
                actions.Add(existing is null
                    ? new TableTransactionAction(TableTransactionActionType.Add, row)
                    : new TableTransactionAction(TableTransactionActionType.UpdateMerge, row, existing.ETag));
            }

            Response<IReadOnlyList<Response>> result = await _ledger.SubmitTransactionAsync(actions, cancellationToken);
            for (int i = 0; i < chunk.Length; i++)
            {
                (string target, string to, TableEntity? existing) = messages[chunk[i]];
                claims[chunk[i]] = new DeliveryClaim(runId, nodeId, kind, target, to, Attempt(existing), result.Value[i].Headers.ETag ?? ETag.All, existing?.GetInt32("Throttled") ?? 0);
            }
        }

        return [.. claims];

        static int Attempt(TableEntity? existing) => (existing?.GetInt32("Attempts") ?? 0) + 1;
    }

    /// <summary>
    /// Writes a claimed message's outcome under the claim's ETag. False when the claim was lost (its lease ended and
    /// another dispatcher took the message over), so the outcome of that one belongs to the new owner.
    /// </summary>
    public async Task<bool> RecordAsync(DeliveryClaim claim, SendOutcome outcome, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(claim);
        ArgumentNullException.ThrowIfNull(outcome);
        try
        {
            await _ledger.UpdateEntityAsync(OutcomeRow(claim, outcome, now), claim.ETag, TableUpdateMode.Merge, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status == 412)
        {
            return false;
        }
    }

    /// <summary>
    /// Writes the outcomes of claims of one run and node in one transaction per partition and 100, each under its claim's ETag. A
    /// lost claim fails its whole transaction (<see cref="RequestFailedException"/>): the caller's retry reads again.
    /// </summary>
    public async Task RecordAllAsync(IReadOnlyList<(DeliveryClaim Claim, SendOutcome Outcome)> outcomes, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(outcomes);
        foreach ((DeliveryClaim Claim, SendOutcome Outcome)[] chunk in outcomes.GroupBy(o => Partition(o.Claim.RunId, o.Claim.NodeId, o.Claim.Kind, o.Claim.TargetId)).SelectMany(p => p.Chunk(BatchWriter.MaxBatchSize)))
        {
            await _ledger.SubmitTransactionAsync(
                chunk.Select(o => new TableTransactionAction(TableTransactionActionType.UpdateMerge, OutcomeRow(o.Claim, o.Outcome, now), o.Claim.ETag)),
                cancellationToken);
        }
    }

    /// <summary>A run's deliveries (or one node's), a page at a time, in node, bucket, kind and target order.</summary>
    public async Task<(List<TableEntity> Rows, string? ContinuationToken)> ListRunAsync(
        string runId, string? nodeId, int pageSize, string? continuationToken, CancellationToken cancellationToken = default)
    {
        string filter = nodeId is null
            ? TableClient.CreateQueryFilter($"PartitionKey gt {runId + "~"} and PartitionKey lt {runId + "\u007f"}")
            : TableClient.CreateQueryFilter($"PartitionKey gt {runId + "~" + nodeId + "~"} and PartitionKey lt {runId + "~" + nodeId + "~\u007f"}");
        return await _ledger.PageAsync(filter, pageSize, continuationToken, row => row, cancellationToken: cancellationToken);
    }

    /// <summary>Whether a status is final: the message is never sent again.</summary>
    public static bool IsFinal(DeliveryStatus status) => status is not (DeliveryStatus.Sending or DeliveryStatus.Retrying);

    private static TableEntity OutcomeRow(DeliveryClaim claim, SendOutcome outcome, DateTimeOffset now) =>
        new(Partition(claim.RunId, claim.NodeId, claim.Kind, claim.TargetId), Row(claim.Kind, claim.TargetId))
        {
            ["Status"] = outcome.Status.ToString(),
            ["ProviderMessageId"] = outcome.ProviderMessageId,
            // Written even when there is none: the row is merged, and a null would leave an earlier attempt's reason.
            ["Reason"] = outcome.Reason ?? "",
            ["Attempts"] = claim.Attempt,
            ["Throttled"] = claim.Throttled,
            ["LeaseUntil"] = now,
            ["UpdatedAt"] = now,
        };

    /// <summary>
    /// Messages the dispatcher sends go by their target's bucket, as its batches do. A Marketo call's claims (campaign
    /// requests, moments) must be one transaction, so those kinds keep one partition per run and node (bucket 00).
    /// </summary>
    private static string Partition(string runId, string nodeId, OutboxKind kind, string targetId) =>
        string.Create(CultureInfo.InvariantCulture, $"{runId}~{nodeId}~{(kind is OutboxKind.CampaignRequest or OutboxKind.MarketoMoment ? 0 : OutboxDispatch.Bucket(targetId)):D2}");

    private static string Row(OutboxKind kind, string targetId) => $"{kind}~{targetId}";
}
