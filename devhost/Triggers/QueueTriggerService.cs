using System.Text;
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
/// A message that is not base64 or that its handler cannot parse (<see cref="InvalidDataException"/>) goes to the
/// poison queue at once, since a retry cannot mend it. A storage error on one message, or on one poll, is logged and
/// the poller goes on.
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
        // Messages are read raw and decoded here, one by one: the SDK's own base64 decoding would fail the whole
        // receive for one bad message, and with it every poll after.
        QueueClient queue = storage.RawQueues.GetQueueClient(queueName);
        QueueClient poison = storage.Queue(QueueNames.PoisonOf(queueName));
        while (!stoppingToken.IsCancellationRequested)
        {
            QueueMessage[] messages = [];
            try
            {
                await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
                messages = (await queue.ReceiveMessagesAsync(options.Value.QueueBatchSize, VisibilityTimeout, stoppingToken)).Value;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "Queue {Queue} could not be read; retrying", queueName);
            }

            if (messages.Length == 0)
            {
                await Task.Delay(options.Value.QueuePollInterval, stoppingToken);
                continue;
            }

            await Task.WhenAll(messages.Select(m => DeliverSafelyAsync(function, queue, poison, m, stoppingToken)));
        }
    }

    /// <summary>One message; whatever fails (storage included) is logged, and the message comes back after its visibility timeout.</summary>
    private async Task DeliverSafelyAsync(LocalFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(function, queue, poison, message, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Function}: message {MessageId} could not be settled; it will be delivered again", function.Name, message.MessageId);
        }
    }

    private async Task DeliverAsync(LocalFunction function, QueueClient queue, QueueClient poison, QueueMessage message, CancellationToken stoppingToken)
    {
        string? text = Decode(message.Body);
        if (text is null)
        {
            await PoisonAsync(function, queue, poison, message, message.Body.ToString(), "the message is not base64-encoded UTF-8 text", stoppingToken);
            return;
        }

        try
        {
            await using AsyncServiceScope scope = services.CreateAsyncScope();
            await function.InvokeAsync(new Invocation(function, scope.ServiceProvider, text, stoppingToken));
        }
        catch (InvalidDataException e)
        {
            await PoisonAsync(function, queue, poison, message, text, e.Message, stoppingToken);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (message.DequeueCount >= options.Value.MaxDequeueCount)
            {
                await PoisonAsync(function, queue, poison, message, text, $"failed {message.DequeueCount} times: {e.Message}", stoppingToken);
            }
            else
            {
                logger.LogWarning("{Function}: message {MessageId} failed (attempt {Count}): {Reason}", function.Name, message.MessageId, message.DequeueCount, e.Message);
                await queue.UpdateMessageAsync(message.MessageId, message.PopReceipt, visibilityTimeout: options.Value.QueueRetryDelay, cancellationToken: stoppingToken);
            }

            return;
        }

        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    private async Task PoisonAsync(LocalFunction function, QueueClient queue, QueueClient poison, QueueMessage message, string text, string reason, CancellationToken stoppingToken)
    {
        logger.LogError("{Function}: message {MessageId} moved to {Poison}: {Reason}", function.Name, message.MessageId, poison.Name, reason);
        await poison.SendMessageAsync(text, stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, stoppingToken);
    }

    /// <summary>The message text, or null when the body is not base64 of UTF-8 (what every sender of these queues writes).</summary>
    private static string? Decode(BinaryData body)
    {
        try
        {
            return new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(Convert.FromBase64String(body.ToString()));
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            return null;
        }
    }
}
