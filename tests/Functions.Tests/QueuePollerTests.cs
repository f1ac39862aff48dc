using System.Text;
using Azure;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.DevHost.Triggers;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// The local host's queue poller on a mocked queue: when storage fails under it, a failed delete, retry or receive is
/// logged and the poller goes on with the rest of the batch and with the next poll; a slow handler's message is kept
/// out of sight until it is settled.
/// </summary>
public sealed class QueuePollerTests
{
    private readonly Mock<QueueClient> _queue = new();
    private readonly Mock<QueueClient> _poison = new();
    private readonly List<string> _handled = [];
    private readonly List<string> _deleted = [];

    private static QueueMessage Message(string id, string text, long dequeueCount = 1) =>
        QueuesModelFactory.QueueMessage(id, "pop-" + id, Convert.ToBase64String(Encoding.UTF8.GetBytes(text)), dequeueCount);

    private static RequestFailedException StorageDown() => new(503, "storage is down");

    private QueuePoller Poller(Func<string, Task>? handle = null, TimeSpan? visibility = null)
    {
        _queue.SetupGet(q => q.Name).Returns("work");
        _poison.SetupGet(q => q.Name).Returns("work-poison");
        _queue.Setup(q => q.DeleteMessageAsync(It.IsAny<string>(), It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((id, _, _) => _deleted.Add(id))
            .ReturnsAsync(Mock.Of<Response>());
        return new QueuePoller(
            "Work",
            _queue.Object,
            _poison.Object,
            (text, _) =>
            {
                _handled.Add(text);
                return handle?.Invoke(text) ?? Task.CompletedTask;
            },
            new DevHostOptions { MaxDequeueCount = 5, QueueBatchSize = 16 },
            NullLogger.Instance,
            visibility);
    }

    private void Receive(params QueueMessage[][] polls)
    {
        var sequence = _queue.SetupSequence(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()));
        foreach (QueueMessage[] poll in polls)
        {
            sequence = sequence.ReturnsAsync(Response.FromValue(poll, Mock.Of<Response>()));
        }
    }

    [Fact]
    public async Task A_delete_that_fails_for_one_message_leaves_the_others_settled_and_the_next_poll_served()
    {
        QueuePoller poller = Poller();
        Receive([Message("a", "first"), Message("b", "second")], [Message("c", "third")]);
        _queue.Setup(q => q.DeleteMessageAsync("a", It.IsAny<string>(), It.IsAny<CancellationToken>())).ThrowsAsync(StorageDown());

        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(["first", "second", "third"], _handled.Order(StringComparer.Ordinal));
        Assert.Equal(["b", "c"], _deleted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_retry_that_cannot_be_scheduled_does_not_stop_the_batch()
    {
        QueuePoller poller = Poller(text => text == "fails" ? throw new InvalidOperationException("handler failed") : Task.CompletedTask);
        Receive([Message("a", "fails"), Message("b", "works")]);
        _queue.Setup(q => q.UpdateMessageAsync("a", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(StorageDown());

        Assert.Equal(2, await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(["b"], _deleted);
    }

    [Fact]
    public async Task A_receive_that_fails_is_retried_on_the_next_poll()
    {
        QueuePoller poller = Poller();
        _queue.SetupSequence(q => q.ReceiveMessagesAsync(It.IsAny<int?>(), It.IsAny<TimeSpan?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(StorageDown())
            .ReturnsAsync(Response.FromValue(new[] { Message("a", "after the outage") }, Mock.Of<Response>()));

        Assert.Equal(0, await poller.PollOnceAsync(CancellationToken.None));
        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        Assert.Equal(["after the outage"], _handled);
        Assert.Equal(["a"], _deleted);
    }

    [Fact]
    public async Task An_undecodable_or_unreadable_message_goes_to_the_poison_queue_with_the_body_it_had_and_the_next_one_is_handled()
    {
        QueuePoller poller = Poller(text => text == "refused" ? throw new InvalidDataException("Malformed") : Task.CompletedTask);
        var sent = new List<string>();
        _poison.Setup(q => q.SendMessageAsync(It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, CancellationToken>((text, _) => sent.Add(text))
            .ReturnsAsync(Response.FromValue(QueuesModelFactory.SendReceipt("p", DateTimeOffset.UtcNow, DateTimeOffset.UtcNow, "pop", DateTimeOffset.UtcNow), Mock.Of<Response>()));
        Receive([QueuesModelFactory.QueueMessage("bad", "pop-bad", "%%% not base64 %%%", 1), Message("refused", "refused"), Message("good", "fine")]);

        Assert.Equal(3, await poller.PollOnceAsync(CancellationToken.None));

        // The poison client is raw: each copy is the body as it was, not its text encoded again.
        Assert.Equal(["%%% not base64 %%%", Convert.ToBase64String(Encoding.UTF8.GetBytes("refused"))], sent.Order(StringComparer.Ordinal));
        Assert.Equal(["fine", "refused"], _handled.Order(StringComparer.Ordinal));
        Assert.Equal(["bad", "good", "refused"], _deleted.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_handler_that_outlasts_the_visibility_timeout_keeps_its_message_out_of_sight_and_settles_it_with_the_latest_receipt()
    {
        var renewed = new List<string>();
        var deletedWith = new List<string>();
        QueuePoller poller = Poller(_ => Task.Delay(TimeSpan.FromMilliseconds(800)), visibility: TimeSpan.FromMilliseconds(200));
        _queue.Setup(q => q.UpdateMessageAsync("a", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string popReceipt, string _, TimeSpan _, CancellationToken _) =>
            {
                renewed.Add(popReceipt + "+");
                return Response.FromValue(QueuesModelFactory.UpdateReceipt(popReceipt + "+", DateTimeOffset.UtcNow), Mock.Of<Response>());
            });
        _queue.Setup(q => q.DeleteMessageAsync("a", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((_, popReceipt, _) => deletedWith.Add(popReceipt))
            .ReturnsAsync(Mock.Of<Response>());
        Receive([Message("a", "slow")]);

        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        Assert.NotEmpty(renewed);
        Assert.Equal([renewed[^1]], deletedWith);
    }

    [Fact]
    public async Task A_renewal_storage_does_not_answer_is_tried_again_and_the_message_still_settled()
    {
        int calls = 0;
        var deletedWith = new List<string>();
        QueuePoller poller = Poller(_ => Task.Delay(TimeSpan.FromMilliseconds(800)), visibility: TimeSpan.FromMilliseconds(200));
        _queue.Setup(q => q.UpdateMessageAsync("a", It.IsAny<string>(), It.IsAny<string>(), It.IsAny<TimeSpan>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync((string _, string popReceipt, string _, TimeSpan _, CancellationToken _) =>
                Interlocked.Increment(ref calls) == 1
                    ? throw new AggregateException(new RequestFailedException("connection refused"))
                    : Response.FromValue(QueuesModelFactory.UpdateReceipt(popReceipt + "+", DateTimeOffset.UtcNow), Mock.Of<Response>()));
        _queue.Setup(q => q.DeleteMessageAsync("a", It.IsAny<string>(), It.IsAny<CancellationToken>()))
            .Callback<string, string, CancellationToken>((_, popReceipt, _) => deletedWith.Add(popReceipt))
            .ReturnsAsync(Mock.Of<Response>());
        Receive([Message("a", "slow")]);

        Assert.Equal(1, await poller.PollOnceAsync(CancellationToken.None));

        Assert.True(calls >= 2, $"{calls} renewal calls");
        Assert.Equal(["pop-a+" + new string('+', calls - 2)], deletedWith);
    }
}
