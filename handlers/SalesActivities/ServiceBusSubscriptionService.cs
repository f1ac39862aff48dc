using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Storage.Messaging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.SalesActivities;

/// <summary>
/// Runs the topic's subscribers in Azure. The Service Bus trigger binding (Worker.Extensions.ServiceBus) is not
/// available to this app, so the worker hosts one <see cref="ServiceBusProcessor"/> per subscription: a message is
/// completed when its subscriber returns, abandoned when it throws (Service Bus dead-letters it after the
/// subscription's max delivery count), and dead-lettered at once when it is malformed. Started only when
/// <c>ServiceBus__fullyQualifiedNamespace</c> is set; otherwise the storage-queue triggers deliver. It delivers within
/// about a second while an instance runs; <see cref="SalesActivityDrainHandler"/>'s timer delivers when none does.
/// </summary>
public sealed class ServiceBusSubscriptionService(ServiceBusClient client, IEnumerable<ISalesActivitySubscriber> subscribers, ILogger<ServiceBusSubscriptionService> logger)
    : IHostedService, IAsyncDisposable
{
    /// <summary>The dead-letter reason of a message that can never be handled.</summary>
    public const string MalformedReason = "MalformedSalesActivity";

    private readonly List<ServiceBusProcessor> _processors = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (ISalesActivitySubscriber subscriber in subscribers)
        {
            ServiceBusProcessor processor = client.CreateProcessor(
                SalesActivityTopic.Name,
                subscriber.Subscription,
                new ServiceBusProcessorOptions { AutoCompleteMessages = true, MaxConcurrentCalls = 8 });
            processor.ProcessMessageAsync += args => DeliverAsync(subscriber, args);
            processor.ProcessErrorAsync += args =>
            {
                logger.LogWarning(args.Exception, "Service Bus subscription {Subscription}: {Source} failed", subscriber.Subscription, args.ErrorSource);
                return Task.CompletedTask;
            };
            _processors.Add(processor);
            await processor.StartProcessingAsync(cancellationToken);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (ServiceBusProcessor processor in _processors)
        {
            await processor.StopProcessingAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (ServiceBusProcessor processor in _processors)
        {
            await processor.DisposeAsync();
        }
    }

    /// <summary>Hands one message to a subscriber; a malformed one goes straight to the dead-letter queue.</summary>
    public static async Task DeliverAsync(ISalesActivitySubscriber subscriber, ProcessMessageEventArgs args)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(args);
        try
        {
            await subscriber.HandleAsync(args.Message.Body.ToString(), args.CancellationToken);
        }
        catch (InvalidDataException e)
        {
            await args.DeadLetterMessageAsync(args.Message, MalformedReason, e.Message, args.CancellationToken);
        }
    }
}
