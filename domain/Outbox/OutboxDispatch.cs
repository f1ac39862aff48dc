namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// A batch of outbox rows to deliver, on the <c>outbox-dispatch</c> queue: the outbox partition and message key they
/// are under, the run and node that queued them, and at most <see cref="MaxTargets"/> targets (attempts are counted
/// per message in the send ledger, so a follow-up batch is the same shape).
/// </summary>
public sealed record OutboxDispatch(OutboxKind Kind, string Scope, string MessageKey, string RunId, string NodeId, IReadOnlyList<string> Targets)
{
    /// <summary>Targets per queue message: well inside the 64 KB queue message limit with 128-character ids.</summary>
    public const int MaxTargets = 100;
}
