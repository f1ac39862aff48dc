using Azure.Messaging.ServiceBus;
using JourneyFunctions.Handlers.SalesActivities;
using Moq;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>How a Service Bus message reaches a subscriber, with a mocked receiver.</summary>
public sealed class ServiceBusSubscriptionServiceTests
{
    private readonly Mock<ServiceBusReceiver> _receiver = new();
    private readonly Mock<ISalesActivitySubscriber> _subscriber = new();

    private ProcessMessageEventArgs Args(string body) =>
        new(ServiceBusModelFactory.ServiceBusReceivedMessage(BinaryData.FromString(body), messageId: "act-1"), _receiver.Object, CancellationToken.None);

    [Fact]
    public async Task The_body_is_handed_to_the_subscriber()
    {
        await ServiceBusSubscriptionService.DeliverAsync(_subscriber.Object, Args("{\"id\":\"act-1\"}"));

        _subscriber.Verify(s => s.HandleAsync("{\"id\":\"act-1\"}", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task A_malformed_message_is_dead_lettered_at_once()
    {
        _subscriber.Setup(s => s.HandleAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new InvalidDataException("bad"));

        await ServiceBusSubscriptionService.DeliverAsync(_subscriber.Object, Args("not json"));

        _receiver.Verify(r => r.DeadLetterMessageAsync(It.Is<ServiceBusReceivedMessage>(m => m.MessageId == "act-1"), "MalformedSalesActivity", "bad", It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task Any_other_failure_reaches_the_processor_which_abandons_the_message()
    {
        _subscriber.Setup(s => s.HandleAsync(It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(new TimeoutException());

        await Assert.ThrowsAsync<TimeoutException>(() => ServiceBusSubscriptionService.DeliverAsync(_subscriber.Object, Args("{}")));

        _receiver.VerifyNoOtherCalls();
    }
}
