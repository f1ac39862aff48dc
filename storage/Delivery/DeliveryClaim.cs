using Azure;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Outbox;

namespace JourneyFunctions.Storage.Delivery;

/// <summary>
/// A message a dispatcher claimed in the ledger: its outcome is written under <paramref name="ETag"/>.
/// <paramref name="Throttled"/> counts the earlier tries the provider answered with a wait (<c>Retry-After</c>), which
/// use up no <paramref name="Attempt"/>.
/// </summary>
public sealed record DeliveryClaim(string RunId, string NodeId, OutboxKind Kind, string TargetId, string To, int Attempt, ETag ETag, int Throttled = 0)
{
    public string MessageId => DeliveryLedger.MessageId(RunId, NodeId, TargetId);
}
