using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Storage.Messaging;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>The drain timer against mocked Service Bus receivers: what it receives, and how it settles each message.</summary>
public sealed class SalesActivityDrainHandlerTests
{
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly Mock<ISalesActivitySubscriber> _subscriber = new();

    public SalesActivityDrainHandlerTests() => _subscriber.SetupGet(s => s.Subscription).Returns(SalesActivityTopic.MarketingLogger);

    private static ServiceBusReceivedMessage Message(string id, string body) =>
        ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString(body), messageId: id);

    private static SalesActivityDrainHandler Drain(ServiceBusClient? client, params ISalesActivitySubscriber[] subscribers) =>
        new(client, subscribers, NullLogger<SalesActivityDrainHandler>.Instance);

    private void Batches(params IReadOnlyList<ServiceBusReceivedMessage>[] batches)
    {
        var setup = _receiver.SetupSequence(r => r.ReceiveMessagesAsync(SalesActivityDrainHandler.BatchSize, SalesActivityDrainHandler.ReceiveWait, It.IsAny<CancellationToken>()));
        foreach (IReadOnlyList<ServiceBusReceivedMessage> batch in batches)
        {
            setup = setup.ReturnsAsync(batch);
        }

        setup.ReturnsAsync([]);
    }

    [Fact]
    public async Task Each_message_is_completed_after_its_subscriber_wrote_it()
    {
        var calls = new List<string>();
        _subscriber.Setup(s => s.HandleAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).Callback<string, CancellationToken>((body, _) => calls.Add("handled " + body)).Returns(Task.CompletedTask);
        _receiver.Setup(r => r.CompleteMessageAsync(It.IsAny<ServiceBusReceivedMessage>(), It.IsAny<CancellationToken>()))
            .Callback<ServiceBusReceivedMessage, CancellationToken>((m, _) => calls.Add("completed " + m.MessageId)).Returns(Task.CompletedTask);
        Batches([Message("a", "{\"id\":\"a\"}")], [Message("b", "{\"id\":\"b\"}")]);

        int settled = await Drain(null).DrainAsync(_subscriber.Object, _receiver.Object, CancellationToken.None);

        Assert.Equal(2, settled);
        Assert.Equal(["handled {\"id\":\"a\"}", "completed a", "handled {\"id\":\"b\"}", "completed b"], calls);
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_and_a_failing_one_abandoned_for_redelivery()
    {
        _subscriber.Setup(s => s.HandleAsync("bad", It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidDataException("not a sales activity"));
        _subscriber.Setup(s => s.HandleAsync("down", It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException());
        Batches([Message("ok", "ok"), Message("bad", "bad"), Message("down", "down")]);

        await Drain(null).DrainAsync(_subscriber.Object, _receiver.Object, CancellationToken.None);

        _receiver.Verify(r => r.CompleteMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "ok"), It.IsAny<CancellationToken>()), Times.Once);
        _receiver.Verify(r => r.DeadLetterMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "bad"), ServiceBusSubscriptionService.MalformedReason, "not a sales activity", It.IsAny<CancellationToken>()), Times.Once);
        _receiver.Verify(r => r.AbandonMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "down"), null, It.IsAny<CancellationToken>()), Times.Once);
        _receiver.Verify(r => r.CompleteMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId != "ok"), It.IsAny<CancellationToken>()), Times.Never);
    }

    [Fact]
    public async Task A_run_stops_after_its_batch_bound_and_leaves_the_rest_for_the_next_run()
    {
        _receiver.Setup(r => r.ReceiveMessagesAsync(SalesActivityDrainHandler.BatchSize, SalesActivityDrainHandler.ReceiveWait, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => [Message(Guid.NewGuid().ToString("N"), "{}")]);

        int settled = await Drain(null).DrainAsync(_subscriber.Object, _receiver.Object, CancellationToken.None);

        Assert.Equal(SalesActivityDrainHandler.MaxBatchesPerRun, settled);
        _receiver.Verify(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()), Times.Exactly(SalesActivityDrainHandler.MaxBatchesPerRun));
    }

    [Fact]
    public async Task A_run_drains_every_subscription_of_the_topic_in_peek_lock_mode()
    {
        var client = new Mock<ServiceBusClient>();
        var other = new Mock<ServiceBusReceiver>();
        var salesforce = new Mock<ISalesActivitySubscriber>();
        salesforce.SetupGet(s => s.Subscription).Returns(SalesActivityTopic.SalesforceLogger);
        client.Setup(c => c.CreateReceiver(SalesActivityTopic.Name, SalesActivityTopic.MarketingLogger, It.Is<ServiceBusReceiverOptions>(o => o.ReceiveMode == ServiceBusReceiveMode.PeekLock))).Returns(_receiver.Object);
        client.Setup(c => c.CreateReceiver(SalesActivityTopic.Name, SalesActivityTopic.SalesforceLogger, It.Is<ServiceBusReceiverOptions>(o => o.ReceiveMode == ServiceBusReceiveMode.PeekLock))).Returns(other.Object);
        Batches([Message("m1", "{}"), Message("m2", "{}")]);
        other.SetupSequence(r => r.ReceiveMessagesAsync(It.IsAny<int>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync([Message("s1", "{}")]).ReturnsAsync([]);

        int settled = await Drain(client.Object, _subscriber.Object, salesforce.Object).HandleAsync(CancellationToken.None);

        Assert.Equal(3, settled);
        _subscriber.Verify(s => s.HandleAsync("{}", It.IsAny<CancellationToken>()), Times.Exactly(2));
        salesforce.Verify(s => s.HandleAsync("{}", It.IsAny<CancellationToken>()), Times.Once);
        other.Verify(r => r.CompleteMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "s1"), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Without_a_namespace_it_does_nothing_because_the_queue_triggers_deliver() =>
        Assert.Equal(0, await Drain(null, _subscriber.Object).HandleAsync(CancellationToken.None));
}
