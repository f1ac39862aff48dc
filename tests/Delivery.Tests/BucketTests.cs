using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// A node's messages are split over <see cref="OutboxDispatch.Buckets"/> partitions of the outbox and of the send
/// ledger by target, so no partition holds a whole run's messages, and every message is still read, claimed and
/// recorded once.
/// </summary>
public sealed class BucketTests
{
    [Fact]
    public async Task A_nodes_messages_spread_over_the_buckets_and_each_is_delivered_once_under_its_own()
    {
        const int People = 200;
        DeliveryBed bed = await DeliveryBed.CreateAsync(new NotConfiguredSender(MessageKinds.Email, "not configured: test"));
        await bed.QueueEmailsAsync(People);

        await bed.DrainAsync();
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        List<TableEntity> outbox = await bed.Outbox.GetAsync(OutboxKind.Email, bed.Prefix + "-journey");

        Assert.Equal(People, ledger.Count);
        Assert.All(ledger, row => Assert.Equal($"{bed.RunId}~mail~{OutboxDispatch.Bucket(row.Key):D2}", row.Value.PartitionKey));
        Assert.All(ledger.Values, row => Assert.Equal((nameof(DeliveryStatus.NotConfigured), 1), (row.GetString("Status"), row.GetInt32("Attempts") ?? 0)));
        Assert.Equal(OutboxDispatch.Buckets, ledger.Values.Select(r => r.PartitionKey).Distinct().Count());
        Assert.Equal(People, outbox.Count);
        Assert.Equal(OutboxDispatch.Buckets, outbox.Select(r => r.PartitionKey).Distinct().Count());
        await bed.DeleteQueueAsync();
    }
}
