using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.DevHost.Hosting;

namespace JourneyFunctions.DevHost.Triggers;

/// <summary>
/// One queue function's poller (see <see cref="QueueTriggerService"/>): receives raw messages, decodes each, hands its
/// text to <paramref name="handle"/>, and settles it (delete, retry later, or poison). Whatever fails on one message,
/// storage included, is logged and leaves the rest of the batch and every later poll untouched. Both queue clients
/// are raw (no message encoding): a poisoned message is copied with the body it had, base64 or not.
/// </summary>
internal sealed class QueuePoller(
    string function, QueueClient queue, QueueClient poison, Func<string, CancellationToken, Task> handle, DevHostOptions options, ILogger logger,
    TimeSpan? visibilityTimeout = null)
{
    /// <summary>How long a received message stays out of sight before its next renewal is due (see <see cref="VisibilityLease"/>); tests take less.</summary>
    private readonly TimeSpan _visibilityTimeout = visibilityTimeout ?? TimeSpan.FromSeconds(30);

    /// <summary>
    /// Polls until the host stops. Like the Functions host's queue trigger, the next batch is received as soon as the
    /// messages in flight drop to half a batch (its <c>newBatchThreshold</c>), so at most one and a half batches are
    /// in flight and one slow message (a dispatch call spending its 10 s budget) never holds back the messages after it.
    /// </summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var inFlight = new List<Task>();
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                while (inFlight.Count > options.QueueBatchSize / 2)
                {
                    inFlight.Remove(await Task.WhenAny(inFlight));
                }

                QueueMessage[] messages = await ReceiveAsync(stoppingToken);
                inFlight.RemoveAll(t => t.IsCompleted);
                inFlight.AddRange(messages.Select(m => DeliverSafelyAsync(m, stoppingToken)));
                if (messages.Length == 0)
                {
                    await Task.Delay(options.QueuePollInterval, stoppingToken);
                }
            }
        }
        finally
        {
            // Stopping: the messages being handled finish (or see the cancellation) before the poller ends.
            await Task.WhenAll(inFlight.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    /// <summary>One receive and the delivery of what it got: how many messages that was (0 when the read failed).</summary>
    public async Task<int> PollOnceAsync(CancellationToken stoppingToken)
    {
        QueueMessage[] messages = await ReceiveAsync(stoppingToken);
        await Task.WhenAll(messages.Select(m => DeliverSafelyAsync(m, stoppingToken)));
        return messages.Length;
    }

    /// <summary>Up to a batch of messages; none when the read failed (logged).</summary>
    private async Task<QueueMessage[]> ReceiveAsync(CancellationToken stoppingToken)
    {
        try
        {
            await queue.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            await poison.CreateIfNotExistsAsync(cancellationToken: stoppingToken);
            return (await queue.ReceiveMessagesAsync(options.QueueBatchSize, _visibilityTimeout, stoppingToken)).Value;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Queue {Queue} could not be read; retrying", queue.Name);
            return [];
        }
    }

    /// <summary>One message; whatever fails (storage included) is logged, and the message comes back after its visibility timeout.</summary>
    private async Task DeliverSafelyAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        try
        {
            await DeliverAsync(message, stoppingToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "{Function}: message {MessageId} could not be settled; it will be delivered again", function, message.MessageId);
        }
    }

    private async Task DeliverAsync(QueueMessage message, CancellationToken stoppingToken)
    {
        string? text = Decode(message.Body);
        if (text is null)
        {
            await PoisonAsync(message, message.PopReceipt, "the message is not base64-encoded UTF-8 text", stoppingToken);
            return;
        }

        var lease = new VisibilityLease(queue, message, _visibilityTimeout, stoppingToken);
        Exception? failure = null;
        await using (lease)
        {
            try
            {
                await handle(text, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                failure = e;
            }
        }

        switch (failure)
        {
            case null:
                await queue.DeleteMessageAsync(message.MessageId, lease.PopReceipt, stoppingToken);
                break;
            case InvalidDataException:
                await PoisonAsync(message, lease.PopReceipt, failure.Message, stoppingToken);
                break;
            case not null when message.DequeueCount >= options.MaxDequeueCount:
                await PoisonAsync(message, lease.PopReceipt, $"failed {message.DequeueCount} times: {failure.Message}", stoppingToken);
                break;
            default:
                logger.LogWarning("{Function}: message {MessageId} failed (attempt {Count}): {Reason}", function, message.MessageId, message.DequeueCount, failure.Message);
                await queue.UpdateMessageAsync(message.MessageId, lease.PopReceipt, visibilityTimeout: options.QueueRetryDelay, cancellationToken: stoppingToken);
                break;
        }
    }

    private async Task PoisonAsync(QueueMessage message, string popReceipt, string reason, CancellationToken stoppingToken)
    {
        // The reason may quote the message: its control characters are escaped so it cannot forge or colour log lines.
        string printable = string.Concat(reason.Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
        logger.LogError("{Function}: message {MessageId} moved to {Poison}: {Reason}", function, message.MessageId, poison.Name, printable);
        await poison.SendMessageAsync(message.Body.ToString(), stoppingToken);
        await queue.DeleteMessageAsync(message.MessageId, popReceipt, stoppingToken);
    }

    /// <summary>
    /// Keeps a message out of sight while its handler runs, as the Functions host's queue listener does: it is
    /// received for the visibility timeout and renewed at half that, so a handler that runs longer is not
    /// handed the same message again beside itself, nor charged another attempt. A renewal is never cut off midway
    /// (its new pop receipt would be lost); the message is settled with the latest receipt.
    /// </summary>
    private sealed class VisibilityLease : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _renewing;

        public VisibilityLease(QueueClient queue, QueueMessage message, TimeSpan visibilityTimeout, CancellationToken stoppingToken)
        {
            PopReceipt = message.PopReceipt;
            _renewing = RenewAsync(queue, message.MessageId, visibilityTimeout, stoppingToken);
        }

        public string PopReceipt { get; private set; }

        /// <summary>Stops renewing; <see cref="PopReceipt"/> is then the one to settle with.</summary>
        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            await _renewing;
            _stop.Dispose();
        }

        private async Task RenewAsync(QueueClient queue, string messageId, TimeSpan visibilityTimeout, CancellationToken stoppingToken)
        {
            TimeSpan wait = visibilityTimeout / 2;
            while (true)
            {
                try
                {
                    await Task.Delay(wait, _stop.Token);
                    PopReceipt = (await queue.UpdateMessageAsync(messageId, PopReceipt, visibilityTimeout: visibilityTimeout, cancellationToken: stoppingToken)).Value.PopReceipt;
                    wait = visibilityTimeout / 2;
                }
                catch (OperationCanceledException) when (_stop.IsCancellationRequested || stoppingToken.IsCancellationRequested)
                {
                    return; // the handler is done, or the host stops (the message comes back after its visibility)
                }
                catch (RequestFailedException e) when (e.Status is 400 or 404)
                {
                    return; // lost (gone, or visible again under another receipt): its settling fails and it is delivered again
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    wait = visibilityTimeout / 8; // storage did not answer: the receipt still holds, so try again soon
                }
            }
        }
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
