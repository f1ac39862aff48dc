using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using Moq;

namespace JourneyFunctions.Domain.Tests;

/// <summary>The Service Bus publisher against a mocked sender whose batches hold a fixed number of messages.</summary>
public sealed class ServiceBusSalesActivityPublisherTests
{
    private readonly Mock<ServiceBusSender> _sender = new();
    private readonly Dictionary<ServiceBusMessageBatch, List<ServiceBusMessage>> _batches = [];
    private readonly List<List<ServiceBusMessage>> _sent = [];

    private static List<SalesActivity> Activities(int count) =>
        Enumerable.Range(0, count)
            .Select(i => new SalesActivity($"act-{i}", "m-1", SalesActivityType.SendSalesEmail, DateTimeOffset.UnixEpoch, $"Hello {i}", null, SalesActivityOrigin.Sales, "003A", "006B"))
            .ToList();

    private ServiceBusSalesActivityPublisher Publisher(int batchCapacity, int maxAttempts = 3)
    {
        _sender.Setup(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>())).ReturnsAsync(() =>
        {
            var store = new List<ServiceBusMessage>();
            ServiceBusMessageBatch batch = ServiceBusModelFactory.ServiceBusMessageBatch(256 * 1024, store, tryAddCallback: _ => store.Count < batchCapacity);
            _batches[batch] = store;
            return batch;
        });
        SucceedSends();
        return new ServiceBusSalesActivityPublisher(_sender.Object, maxAttempts, TimeSpan.Zero);
    }

    private void SucceedSends() =>
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessageBatch, CancellationToken>((batch, _) => _sent.Add([.. _batches[batch]]))
            .Returns(Task.CompletedTask);

    private static ServiceBusException Transient() => new(isTransient: true, "busy", "sales-activities", ServiceBusFailureReason.ServiceBusy);

    [Fact]
    public async Task Activities_that_fit_go_in_one_batch_with_the_activity_id_as_message_id()
    {
        List<SalesActivity> activities = Activities(3);

        await Publisher(batchCapacity: 10).PublishAsync(activities, CancellationToken.None);

        List<ServiceBusMessage> batch = Assert.Single(_sent);
        Assert.Equal(["act-0", "act-1", "act-2"], batch.Select(m => m.MessageId));
        Assert.Equal(activities, batch.Select(m => System.Text.Json.JsonSerializer.Deserialize<SalesActivity>(m.Body.ToString(), Json.JsonDefaults.Options)));
        Assert.All(batch, m => Assert.Equal("application/json", m.ContentType));
    }

    [Fact]
    public async Task A_full_batch_is_sent_and_the_rest_go_in_a_new_one_without_losing_a_message()
    {
        await Publisher(batchCapacity: 3).PublishAsync(Activities(7), CancellationToken.None);

        Assert.Equal([3, 3, 1], _sent.Select(b => b.Count));
        Assert.Equal(Activities(7).Select(a => a.Id), _sent.SelectMany(b => b).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_transient_send_failure_is_retried_with_the_same_messages()
    {
        ServiceBusSalesActivityPublisher publisher = Publisher(batchCapacity: 10);
        int calls = 0;
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusMessageBatch, CancellationToken>((batch, _) => _sent.Add([.. _batches[batch]]))
            .Returns(() => ++calls == 1 ? Task.FromException(Transient()) : Task.CompletedTask);

        await publisher.PublishAsync(Activities(2), CancellationToken.None);

        Assert.Equal(2, calls);
        Assert.Equal(_sent[0].Select(m => m.MessageId), _sent[1].Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_transient_failure_to_create_a_batch_is_retried()
    {
        ServiceBusSalesActivityPublisher publisher = Publisher(batchCapacity: 10);
        var store = new List<ServiceBusMessage>();
        ServiceBusMessageBatch batch = ServiceBusModelFactory.ServiceBusMessageBatch(1024, store);
        _batches[batch] = store;
        _sender.SetupSequence(s => s.CreateMessageBatchAsync(It.IsAny<CancellationToken>()))
            .ThrowsAsync(Transient())
            .ReturnsAsync(batch);

        await publisher.PublishAsync(Activities(2), CancellationToken.None);

        Assert.Equal(["act-0", "act-1"], Assert.Single(_sent).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_permanent_failure_is_not_retried_and_reaches_the_caller()
    {
        ServiceBusSalesActivityPublisher publisher = Publisher(batchCapacity: 10);
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new ServiceBusException(isTransient: false, "no topic", "sales-activities", ServiceBusFailureReason.MessagingEntityNotFound));

        await Assert.ThrowsAsync<ServiceBusException>(() => publisher.PublishAsync(Activities(1), CancellationToken.None));

        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Transient_failures_stop_after_the_last_attempt()
    {
        ServiceBusSalesActivityPublisher publisher = Publisher(batchCapacity: 10, maxAttempts: 4);
        _sender.Setup(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>())).ThrowsAsync(Transient());

        await Assert.ThrowsAsync<ServiceBusException>(() => publisher.PublishAsync(Activities(1), CancellationToken.None));

        _sender.Verify(s => s.SendMessagesAsync(It.IsAny<ServiceBusMessageBatch>(), It.IsAny<CancellationToken>()), Times.Exactly(4));
    }

    [Fact]
    public async Task A_message_too_large_for_an_empty_batch_fails_instead_of_looping()
    {
        ServiceBusSalesActivityPublisher publisher = Publisher(batchCapacity: 0);

        await Assert.ThrowsAsync<InvalidOperationException>(() => publisher.PublishAsync(Activities(1), CancellationToken.None));

        Assert.Empty(_sent);
    }

    [Fact]
    public void An_id_longer_than_Service_Bus_allows_gets_a_stable_hashed_message_id()
    {
        string longId = SalesActivityStore.UnsubscribeId(new string('7', 128));

        string messageId = ServiceBusSalesActivityPublisher.MessageIdOf(longId);

        Assert.Equal(64, messageId.Length);
        Assert.Equal(messageId, ServiceBusSalesActivityPublisher.MessageIdOf(longId));
        Assert.NotEqual(messageId, ServiceBusSalesActivityPublisher.MessageIdOf(SalesActivityStore.UnsubscribeId(new string('8', 128))));
        Assert.Equal("act-1", ServiceBusSalesActivityPublisher.MessageIdOf("act-1"));
    }
}
