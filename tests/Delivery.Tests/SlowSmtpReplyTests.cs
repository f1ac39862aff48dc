using System.Net;
using System.Net.Sockets;
using System.Text;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Email;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// A relay that confirms a message slowly (past the client's 10 s for a command) has taken it: the client waits for
/// that confirmation instead of sending the message again. smtp4dev always answers at once, so this relay is a
/// minimal SMTP server of the test's own.
/// </summary>
public sealed class SlowSmtpReplyTests
{
    [Fact]
    public async Task A_message_confirmed_12_s_after_its_data_is_sent_once()
    {
        await using var relay = SlowRelay.Start(TimeSpan.FromSeconds(12));
        await using var smtp = new SmtpEmailClient(new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, From = "journeys@example.com" }, TimeProvider.System);

        SendOutcome outcome = await smtp.SendAsync(new OutgoingMessage("m-1", OutboxKind.Email, "slow@example.com", "Hi", "Body"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Sent, outcome.Status);
        Assert.Equal(1, relay.MessagesReceived);
    }

    [Fact]
    public async Task A_relay_that_confirms_after_the_send_limit_gets_the_message_once_and_the_send_waits_for_its_next_attempt()
    {
        await using var relay = SlowRelay.Start(TimeSpan.FromSeconds(30));
        await using var smtp = new SmtpEmailClient(
            new SmtpOptions { Host = "127.0.0.1", Port = relay.Port, From = "journeys@example.com" }, TimeProvider.System, sendLimit: TimeSpan.FromSeconds(2));
        var timer = System.Diagnostics.Stopwatch.StartNew();

        SendOutcome outcome = await smtp.SendAsync(new OutgoingMessage("m-2", OutboxKind.Email, "slower@example.com", "Hi", "Body"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Retrying, outcome.Status);
        Assert.False(outcome.RetryWithinSend);
        Assert.Equal(1, relay.MessagesReceived);
        Assert.True(timer.Elapsed < TimeSpan.FromSeconds(20), $"the send took {timer.Elapsed}, past its limit");
    }

    [Fact]
    public async Task A_send_the_provider_may_have_taken_is_not_tried_again_within_the_send()
    {
        var retry = new SendRetry(TimeProvider.System, baseDelay: TimeSpan.FromMilliseconds(1));
        int unconfirmed = 0, transient = 0;

        SendOutcome once = await retry.RunAsync(_ => { unconfirmed++; return Task.FromResult(SendOutcome.Unconfirmed("no confirmation")); }, CancellationToken.None);
        SendOutcome thrice = await retry.RunAsync(_ => { transient++; return Task.FromResult(SendOutcome.Transient("connection refused")); }, CancellationToken.None);

        Assert.Equal((DeliveryStatus.Retrying, 1), (once.Status, unconfirmed));
        Assert.Equal((DeliveryStatus.Retrying, 3), (thrice.Status, transient));
    }

    /// <summary>Answers every command at once but the end of a message's data, which it confirms after a delay.</summary>
    private sealed class SlowRelay : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly TimeSpan _confirmAfter;
        private int _messages;

        private SlowRelay(TimeSpan confirmAfter) => _confirmAfter = confirmAfter;

        public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

        public int MessagesReceived => Volatile.Read(ref _messages);

        public static SlowRelay Start(TimeSpan confirmAfter)
        {
            var relay = new SlowRelay(confirmAfter);
            relay._listener.Start();
            _ = relay.AcceptAsync();
            return relay;
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            {
                try
                {
                    using var reader = new StreamReader(connection.GetStream(), Encoding.ASCII);
                    await using var writer = new StreamWriter(connection.GetStream(), Encoding.ASCII) { NewLine = "\r\n", AutoFlush = true };
                    await writer.WriteLineAsync("220 slow.test ESMTP");
                    while (await reader.ReadLineAsync(_stop.Token) is { } line)
                    {
                        string command = line.Split(' ', 2)[0].ToUpperInvariant();
                        if (command == "DATA")
                        {
                            await writer.WriteLineAsync("354 go ahead");
                            while (await reader.ReadLineAsync(_stop.Token) is { } data && data != ".")
                            {
                            }

                            Interlocked.Increment(ref _messages);
                            await Task.Delay(_confirmAfter, _stop.Token);
                            await writer.WriteLineAsync("250 queued");
                        }
                        else
                        {
                            await writer.WriteLineAsync(command == "QUIT" ? "221 bye" : "250 ok");
                            if (command == "QUIT")
                            {
                                return;
                            }
                        }
                    }
                }
                catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException)
                {
                    // The client hung up or the test ended.
                }
            }
        }

        public ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
