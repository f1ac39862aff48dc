namespace JourneyFunctions.Domain.Outbox;

/// <summary>
/// What an outbox write did: the targets queued by this run and node (a retry lists its earlier writes again), and
/// those not queued because they already got this message from another run.
/// </summary>
public sealed record OutboxResult(IReadOnlyList<string> Queued, IReadOnlyList<string> AlreadyReceived);
