using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.Domain.Storage;
using Microsoft.Extensions.Options;

namespace JourneyFunctions.DevHost.Triggers;

/// <summary>
/// Polls each queue function's Azurite queue like the Functions queue trigger, with host.json's queue settings: up to
/// <see cref="DevHostOptions.QueueBatchSize"/> base64 messages at a time (the <see cref="StorageAccount"/> queue
/// encoding); a message is deleted after its handler succeeds, made visible again <see cref="DevHostOptions.QueueRetryDelay"/>
/// after a failure, and moved to <c>{queue}-poison</c> once it has failed <see cref="DevHostOptions.MaxDequeueCount"/> times.
/// </summary>
internal sealed class QueueTriggerService(IServiceProvider services, IConfiguration configuration, StorageAccount storage, IOptions<DevHostOptions> options, ILogger<QueueTriggerService> logger)
    : BackgroundService
{
    private static readonly TimeSpan VisibilityTimeout = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(FunctionReader.App.Where(f => f.Trigger == FunctionReader.Queue).Select(queue => PollAsync(queue, stoppingToken)));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Host shutting down.
        }
    }

    private async Task PollAsync(LocalFunction function, CancellationToken stoppingToken)
    {
        string queueName = AppSetting.Resolve(function.Binding!, configuration);
        QueueClient queue = storage.Queue(queueName);
        QueueClient poison = storage.Queue(QueueNames.PoisonOf(queueName));
        await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages;
            try
            {
                messages = (await queue.ReceiveMessagesAsync(options.Value.QueueBatchSize, VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Azure.RequestFailedException e)
            {
                logger.LogWarning(e, "Queue {Queue} could not be read; retrying", queueName);
                messages = [];
            }

            if (messages.Length == 0)
            {
                await Task.Delay(options.Value.QueuePollInterval, stoppingToken);
                continue;
            }

            await Task.WhenAll(messages.Select(m => DeliverAsync(function, queue, poison, m, stoppingToken)));
        }
    }

    private async Task DeliverAsync(LocalFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await using (AsyncServiceScope scope = services.CreateAsyncScope())
            {
                await function.InvokeAsync(new Invocation(function, scope.ServiceProvider, message.MessageText, stoppingToken));
            }

            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (message.DequeueCount >= options.Value.MaxDequeueCount)
            {
                logger.LogError(e, "{Function}: message {MessageId} failed {Count} times; moved to {Poison}: {Reason}",
                    function.Name, message.MessageId, message.DequeueCount, poison.Name, e.Message);
                await poison.SendMessageAsync(message.MessageText, stoppingToken);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
            }
            else
            {
                logger.LogWarning("{Function}: message {MessageId} failed (attempt {Count}): {Reason}", function.Name, message.MessageId, message.DequeueCount, e.Message);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.Value.QueueRetryDelay, cancellationToken: stoppingToken);
            }
        }
    }
}
