namespace JourneyFunctions.Domain.Outbox;

/// <summary>The outbox of messages (email, SMS, sales alerts) that actions queue for the dispatcher (implemented in the storage project).</summary>
public interface IOutboxStore
{
    /// <summary>
    /// Queues each message unless its target already got <paramref name="messageKey"/> in <paramref name="scope"/> from
    /// another run; a retry of the same run and node queues nothing new.
    /// </summary>
    Task<OutboxResult> QueueOnceAsync(
        OutboxKind kind, string scope, string messageKey, IReadOnlyCollection<OutboxMessage> messages, string runId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same "at most once" rule for a message another system sends (a workspace email Marketo sends): records
    /// that this run and node send <paramref name="messageKey"/> to each target that has not got it from another run
    /// or node, and queues nothing for the dispatcher.
    /// </summary>
    Task<OutboxResult> ClaimOnceAsync(
        OutboxKind kind, string scope, string messageKey, IReadOnlyCollection<string> targets, string sentBy, string runId, string nodeId, DateTimeOffset at, CancellationToken cancellationToken = default);
}
