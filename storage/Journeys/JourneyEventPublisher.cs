using System.Text.Json;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Journeys;

/// <summary>
/// Puts domain events on the queue <c>journey-events</c> (<see cref="JourneyEventMessage"/>), where the event router
/// takes them to the runs listening for them: the engine's own effects and sales activities come this way, from code
/// that holds no Durable client (activities, HTTP handlers); the change feed's handler routes its events itself. Several events share a
/// message, at most <see cref="MaxEventsPerMessage"/> and about 40 KB of UTF-8 JSON (a queue message holds 64 KiB of
/// base64); one event is far smaller (<see cref="RaisedEvent.MaxValueLength"/>).
/// </summary>
public sealed class JourneyEventPublisher : IJourneyEventPublisher
{
    public const int MaxEventsPerMessage = 100;
    private const int MaxMessageBytes = 40_000;
    private readonly QueueClient _queue;

    /// <param name="storage">The storage account.</param>
    /// <param name="queueName">The router's queue: <c>journey-events</c>, or a test's own so no running host takes its messages.</param>
    public JourneyEventPublisher(StorageAccount storage, string queueName = QueueNames.JourneyEvents)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _queue = storage.Queue(queueName);
    }

    public async Task PublishAsync(IEnumerable<RaisedEvent> events, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(events);
        var batch = new List<RaisedEvent>();
        int bytes = 0;
        foreach (RaisedEvent raised in events)
        {
            int size = JsonSerializer.SerializeToUtf8Bytes(raised, JsonDefaults.Options).Length;
            if (batch.Count > 0 && (batch.Count == MaxEventsPerMessage || bytes + size > MaxMessageBytes))
            {
                await SendAsync(batch, cancellationToken);
                batch.Clear();
                bytes = 0;
            }

            batch.Add(raised);
            bytes += size + 1;
        }

        if (batch.Count > 0)
        {
            await SendAsync(batch, cancellationToken);
        }
    }

    private async Task SendAsync(List<RaisedEvent> batch, CancellationToken cancellationToken) =>
        await _queue.SendMessageAsync(JsonSerializer.Serialize(new JourneyEventMessage([.. batch]), JsonDefaults.Options), cancellationToken);
}

/// <summary>A message of the <c>journey-events</c> queue: up to 100 events, routed one by one.</summary>
public sealed record JourneyEventMessage(IReadOnlyList<RaisedEvent> Events);
