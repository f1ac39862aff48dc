using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// A batch of outbox rows to deliver, on the <c>outbox-dispatch</c> queue: the outbox partition and message key they
/// are under, the run and node that queued them, and at most <see cref="MaxTargets"/> targets (attempts are counted
/// per message in the send ledger, so a follow-up batch is the same shape). A batch's targets share one
/// <see cref="Bucket"/>, so its outbox rows and its send-ledger rows are each in one partition.
/// </summary>
public sealed record OutboxDispatch([property: JsonRequired] OutboxKind Kind, string Scope, string MessageKey, string RunId, string NodeId, IReadOnlyList<string> Targets)
{
    /// <summary>Targets per queue message: well inside the 64 KB queue message limit with 128-character ids.</summary>
    public const int MaxTargets = 100;

    /// <summary>Partitions per (kind, scope) of the outbox and per (run, node) of the send ledger.</summary>
    public const int Buckets = 16;

    /// <summary>
    /// The target's bucket: the outbox and the send ledger split their partitions by it, so no partition holds a whole
    /// run's messages (Azure serves about 2,000 entities/s per partition; Azurite scans a partition per point read).
    /// </summary>
    public static int Bucket(string targetId) => StableId.Bucket(targetId, Buckets);
}
