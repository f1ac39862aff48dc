using System.Collections.Concurrent;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Handlers.Delivery;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// The dispatcher's send slots: a send waits for one of its provider's <see cref="IMessageSender.SendsAtOnce"/>
/// slots, and its batch's time budget is checked when it gets one, not before it queued for it.
/// </summary>
public sealed class SendSlotTests
{
    [Fact]
    public async Task A_send_that_gets_its_slot_after_the_budget_is_not_tried_and_what_the_budget_leaves_is_not_claimed()
    {
        // One slot, 4 s per send on the dispatcher's clock: of the first group of 4, the sends starting at 0, 4 and 8 s
        // go; the 4th gets the slot at 12 s, past the 10 s budget, and is not tried; the second group is not claimed.
        var sender = new OneSlotSender(TimeSpan.FromSeconds(4));
        DeliveryBed bed = await DeliveryBed.CreateAsync(sender.Clock, sender);
        await bed.QueueEmailsAsync(bed.PeopleOfOneBucket(2 * OutboxDispatchQueueHandler.SendsInFlight)); // one dispatch batch

        Assert.True(await bed.DispatchOneAsync());
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.Equal(3, sender.Sent.Count);
        Assert.Equal(3, ledger.Values.Count(r => r.GetString("Status") == nameof(DeliveryStatus.Sent)));
        TableEntity back = Assert.Single(ledger.Values, r => r.GetString("Status") == nameof(DeliveryStatus.Retrying));
        Assert.Equal(0, back.GetInt32("Attempts"));
        Assert.Contains("budget", back.GetString("Reason"), StringComparison.Ordinal);
        Assert.Equal(4, ledger.Count);

        await bed.DrainAsync();
        ledger = await bed.LedgerAsync();
        Assert.Equal(8, sender.Sent.Count);
        Assert.Equal(8, sender.Sent.Distinct().Count());
        Assert.All(ledger.Values, r => Assert.Equal((nameof(DeliveryStatus.Sent), 1), (r.GetString("Status"), r.GetInt32("Attempts") ?? 0)));
        await bed.DeleteQueueAsync();
    }

    /// <summary>An email provider with one slot whose every send moves the dispatcher's clock on by <paramref name="perSend"/>.</summary>
    private sealed class OneSlotSender(TimeSpan perSend) : IMessageSender
    {
        public MovedClock Clock { get; } = new();

        public ConcurrentQueue<string> Sent { get; } = new();

        public IReadOnlySet<OutboxKind> Kinds => MessageKinds.Email;

        public int SendsAtOnce => 1;

        public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            Sent.Enqueue(message.MessageId);
            Clock.Offset += perSend;
            return Task.FromResult(SendOutcome.Sent("250 ok"));
        }
    }

    /// <summary>The system clock moved on by <see cref="Offset"/>.</summary>
    private sealed class MovedClock : TimeProvider
    {
        public TimeSpan Offset { get; set; }

        public override DateTimeOffset GetUtcNow() => base.GetUtcNow() + Offset;
    }
}
