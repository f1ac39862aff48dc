using Azure.Data.Tables;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Delivery;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// The outbox store, send ledger and dispatcher on Azurite with a dispatch queue of this test's own (the shared
/// <c>outbox-dispatch</c> is read by local hosts of other test assemblies), drained by <see cref="DrainAsync"/>
/// the way the queue trigger does: a message is deleted after the handler succeeds, follow-ups wait their delay.
/// </summary>
public sealed class DeliveryBed
{
    private static readonly StorageAccount Storage = new(TestStorage.ConnectionString);
    private static readonly Lazy<Task> Created = new(() => Storage.EnsureCreatedAsync());
    private readonly QueueClient _queue;

    private DeliveryBed(TimeProvider clock, IMessageSender[] senders)
    {
        Prefix = "d" + Guid.NewGuid().ToString("N")[..10];
        _queue = Storage.Queue("test-dispatch-" + Prefix);
        Outbox = new OutboxStore(Storage, _queue.Name);
        Handler = new OutboxDispatchQueueHandler(Outbox, Ledger, People, senders, clock, NullLogger<OutboxDispatchQueueHandler>.Instance);
    }

    public string Prefix { get; }

    public string RunId => Prefix + "-run";

    public OutboxStore Outbox { get; }

    public DeliveryLedger Ledger { get; } = new(Storage);

    /// <summary>The people the queued emails are for, all of account <see cref="AccountId"/> (the dispatcher re-reads their subscription).</summary>
    public PeopleStore People { get; } = new(Storage);

    public string AccountId => Prefix + "-a";

    public OutboxDispatchQueueHandler Handler { get; }

    public static Task<DeliveryBed> CreateAsync(params IMessageSender[] senders) => CreateAsync(TimeProvider.System, senders);

    /// <param name="clock">The dispatcher's clock (its send budget and leases).</param>
    /// <param name="senders">The provider clients.</param>
    public static async Task<DeliveryBed> CreateAsync(TimeProvider clock, params IMessageSender[] senders)
    {
        await Created.Value;
        var bed = new DeliveryBed(clock, senders);
        await bed._queue.CreateIfNotExistsAsync();
        return bed;
    }

    public string Person(int i) => $"{Prefix}-p{i}";

    /// <summary>Queues an email per person (what sendEmail does; a retried activity calls it again with the same input).</summary>
    public Task<OutboxResult> QueueEmailsAsync(int people, string node = "mail") => QueueEmailsAsync(Enumerable.Range(0, people), node);

    /// <summary>Queues an email for each of the numbered people.</summary>
    public Task<OutboxResult> QueueEmailsAsync(IEnumerable<int> people, string node = "mail") =>
        Outbox.QueueOnceAsync(OutboxKind.Email, Prefix + "-journey", "node-" + node,
            people.Select(i => new OutboxMessage(Person(i), $"{Person(i)}@example.com", $"Hello {i}", $"Body for {i}", AccountId)).ToList(),
            RunId, node, DateTimeOffset.UtcNow);

    /// <summary>The first <paramref name="count"/> people whose messages share one outbox bucket, so they go in one dispatch batch.</summary>
    public IEnumerable<int> PeopleOfOneBucket(int count) =>
        Enumerable.Range(0, 10_000).Where(i => OutboxDispatch.Bucket(Person(i)) == OutboxDispatch.Bucket(Person(0))).Take(count);

    public Task<OutboxResult> QueueSmsAsync(IReadOnlyList<string> numbers, string node = "sms") =>
        Outbox.QueueOnceAsync(OutboxKind.Sms, RunId, node,
            numbers.Select((n, i) => new OutboxMessage(Person(i), n, null, $"Text {i}")).ToList(), RunId, node, DateTimeOffset.UtcNow);

    /// <summary>Runs the dispatcher on every queued batch, follow-ups included, until the queue is empty.</summary>
    public async Task DrainAsync(TimeSpan? timeout = null)
    {
        DateTime deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(90));
        while (DateTime.UtcNow < deadline)
        {
            QueueMessage[] messages = (await _queue.ReceiveMessagesAsync(16, TimeSpan.FromSeconds(60))).Value;
            if (messages.Length == 0)
            {
                if ((await _queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
                {
                    return;
                }

                await Task.Delay(200);
                continue;
            }

            await Task.WhenAll(messages.Select(async m =>
            {
                await Handler.HandleAsync(m.MessageText, CancellationToken.None);
                await _queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
            }));
        }

        throw new TimeoutException("The dispatch queue did not empty in time.");
    }

    /// <summary>Runs the dispatcher on the next queued batch only (false when none is visible).</summary>
    public async Task<bool> DispatchOneAsync()
    {
        QueueMessage[] messages = (await _queue.ReceiveMessagesAsync(1, TimeSpan.FromSeconds(60))).Value;
        foreach (QueueMessage m in messages)
        {
            await Handler.HandleAsync(m.MessageText, CancellationToken.None);
            await _queue.DeleteMessageAsync(m.MessageId, m.PopReceipt);
        }

        return messages.Length > 0;
    }

    /// <summary>The ledger rows of the run, by target.</summary>
    public async Task<Dictionary<string, TableEntity>> LedgerAsync(string node = "mail")
    {
        (List<TableEntity> rows, _) = await Ledger.ListRunAsync(RunId, node, 1000, null);
        return rows.ToDictionary(r => r.GetString("TargetId"));
    }

    public Task DeleteQueueAsync() => _queue.DeleteIfExistsAsync();
}
