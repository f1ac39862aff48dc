using System.Collections.Concurrent;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// A provider client that throws instead of answering an outcome (a bug, an answer it cannot read) costs its claimed
/// messages an attempt: they are written back as retrying, not left claimed until the lease lapses, and go out once
/// the client answers again.
/// </summary>
public sealed class UnexpectedSendErrorTests
{
    [Fact]
    public async Task A_send_that_throws_is_a_failed_attempt_and_goes_out_once_when_the_client_answers_again()
    {
        var sender = new ThrowsFirstSender();
        DeliveryBed bed = await DeliveryBed.CreateAsync(sender);
        await bed.QueueEmailsAsync(bed.PeopleOfOneBucket(3)); // one dispatch batch

        Assert.True(await bed.DispatchOneAsync());
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.Equal(3, ledger.Count);
        Assert.All(ledger.Values, r =>
        {
            Assert.Equal((nameof(DeliveryStatus.Retrying), 1), (r.GetString("Status"), r.GetInt32("Attempts") ?? 0));
            Assert.Equal("unexpected error while sending: the provider's answer could not be read", r.GetString("Reason"));
        });
        Assert.Empty(sender.Sent);

        await bed.DrainAsync(); // the retry waits its 2 s backoff
        ledger = await bed.LedgerAsync();
        Assert.All(ledger.Values, r => Assert.Equal((nameof(DeliveryStatus.Sent), 2), (r.GetString("Status"), r.GetInt32("Attempts") ?? 0)));
        Assert.Equal(3, sender.Sent.Count);
        Assert.Equal(3, sender.Sent.Distinct().Count());
        await bed.DeleteQueueAsync();
    }

    /// <summary>An email client that throws on its first send of each message and sends it the next time.</summary>
    private sealed class ThrowsFirstSender : IMessageSender
    {
        private readonly ConcurrentDictionary<string, bool> _tried = new(StringComparer.Ordinal);

        public ConcurrentQueue<string> Sent { get; } = new();

        public IReadOnlySet<OutboxKind> Kinds => MessageKinds.Email;

        public int SendsAtOnce => 4;

        public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            if (_tried.TryAdd(message.MessageId, true))
            {
                throw new InvalidOperationException("the provider's answer could not be read");
            }

            Sent.Enqueue(message.MessageId);
            return Task.FromResult(SendOutcome.Sent("250 ok"));
        }
    }
}
