using System.Collections.Concurrent;
using System.Net.Sockets;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace JourneyFunctions.Email;

/// <summary>
/// Email through an SMTP relay with MailKit: a small pool of authenticated connections (at most
/// <see cref="SmtpOptions.MaxConnections"/>), the stable message id as the <c>Message-ID</c> header, the server's
/// answer kept as the provider id. SMTP 4xx replies and broken connections are transient (retried by
/// <see cref="SendRetry"/>, then by the dispatcher); 5xx replies are permanent refusals, recorded with the reply.
/// </summary>
/// <param name="options">The relay, its security and account, and the sender.</param>
/// <param name="clock">The clock of the retries' waits.</param>
/// <param name="sendLimit">Instead of <see cref="SendLimit"/> (tests).</param>
public sealed class SmtpEmailClient(SmtpOptions options, TimeProvider clock, TimeSpan? sendLimit = null) : IMessageSender, IAsyncDisposable
{
    /// <summary>A send that takes longer than this is dropped as transient (MailKit's own timeout is 2 minutes).</summary>
    private const int TimeoutMilliseconds = 10_000;

    /// <summary>
    /// The most one send takes, all its tries together: a send starts at most the dispatcher's 10 s budget after its
    /// claim, so it ends, and its outcome is recorded, inside the send ledger's 60 s claim, and no other dispatcher
    /// takes the message over while this one may still deliver it.
    /// </summary>
    public static readonly TimeSpan SendLimit = TimeSpan.FromSeconds(40);

    private readonly TimeSpan _sendLimit = sendLimit ?? SendLimit;
    private readonly ConcurrentBag<SmtpClient> _idle = [];
    private readonly SemaphoreSlim _connections = new(options.MaxConnections, options.MaxConnections);
    private readonly SendRetry _retry = new(clock);
    private readonly string _domain = MailboxAddress.Parse(options.From).Domain is { Length: > 0 } d ? d : "localhost";

    public IReadOnlySet<OutboxKind> Kinds => MessageKinds.Email;

    /// <summary>One send per connection: a send waiting for a connection here would spend its batch's budget idle.</summary>
    public int SendsAtOnce => options.MaxConnections;

    public async Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(_sendLimit);
        try
        {
            return await _retry.RunAsync(ct => SendOnceAsync(message, ct, cancellationToken), limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // The limit ended a wait between tries or for a connection: nothing of this message was written.
            return SendOutcome.Transient($"SMTP send to {options.Host}:{options.Port} took over {_sendLimit.TotalSeconds:0} s");
        }
    }

    /// <param name="message">The message to send.</param>
    /// <param name="cancellationToken">The try's token: the caller's, or <see cref="SendLimit"/> reached.</param>
    /// <param name="callerToken">The caller's token alone: a try it did not cancel ended by the limit, as a timeout.</param>
    private async Task<SendOutcome> SendOnceAsync(OutgoingMessage message, CancellationToken cancellationToken, CancellationToken callerToken)
    {
        MimeMessage mime;
        try
        {
            mime = new MimeMessage(
                [MailboxAddress.Parse(options.From)], [MailboxAddress.Parse(message.To)], message.HeaderSubject, new TextPart("plain") { Text = message.Body })
            {
                MessageId = $"{message.MessageId}@{_domain}",
            };
        }
        catch (ParseException e)
        {
            return SendOutcome.Refused($"invalid address '{message.To}': {e.Message}");
        }

        await _connections.WaitAsync(cancellationToken);
        SmtpClient? client = null;
        EndOfData? sent = null;
        try
        {
            client = await ConnectedAsync(cancellationToken);
            client.Timeout = TimeoutMilliseconds;
            sent = new EndOfData(client, _sendLimit);
            string reply = await client.SendAsync(mime, cancellationToken, sent);
            _idle.Add(client);
            client = null;
            return SendOutcome.Sent(reply);
        }
        catch (SmtpCommandException e)
        {
            // The connection is still usable after a refused command.
            (int code, string reason) = ((int)e.StatusCode, $"SMTP {(int)e.StatusCode} ({e.ErrorCode}): {e.Message}");
            return code is >= 400 and < 500 ? SendOutcome.Transient(reason) : SendOutcome.Refused(reason);
        }
        catch (Exception e) when (e is SmtpProtocolException or IOException or SocketException or ServiceNotConnectedException or AuthenticationException or TimeoutException
            || (e is OperationCanceledException && !callerToken.IsCancellationRequested))
        {
            Discard(ref client);
            return sent is { Written: true }
                ? SendOutcome.Unconfirmed($"SMTP relay {options.Host}:{options.Port} did not confirm the message after all of it was sent ({e.Message}); it may have taken it")
                : SendOutcome.Transient($"SMTP connection to {options.Host}:{options.Port} failed: {e.Message}");
        }
        finally
        {
            if (client is not null)
            {
                if (client.IsConnected)
                {
                    _idle.Add(client);
                }
                else
                {
                    client.Dispose();
                }
            }

            _connections.Release();
        }
    }

    private async Task<SmtpClient> ConnectedAsync(CancellationToken cancellationToken)
    {
        while (_idle.TryTake(out SmtpClient? idle))
        {
            if (idle.IsConnected)
            {
                return idle;
            }

            idle.Dispose();
        }

        var client = new SmtpClient { Timeout = TimeoutMilliseconds };
        try
        {
            SecureSocketOptions security = options.Security.ToLowerInvariant() switch
            {
                "ssl" => SecureSocketOptions.SslOnConnect,
                "starttls" => SecureSocketOptions.StartTls,
                _ => SecureSocketOptions.None,
            };
            await client.ConnectAsync(options.Host, options.Port, security, cancellationToken);
            if (options.UserName is { Length: > 0 } user)
            {
                await client.AuthenticateAsync(user, options.Password ?? "", cancellationToken);
            }

            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Once the message's data is all written, lets the reply to its end take what is left of the send's limit rather
    /// than a command's 10 s: the server may have taken the message by then, so giving up sends it again, and RFC 5321
    /// (4.5.3.2.6) asks a client to wait 10 minutes there (a relay slow to confirm: a content scan, say).
    /// </summary>
    private sealed class EndOfData(SmtpClient client, TimeSpan limit) : ITransferProgress
    {
        /// <summary>
        /// Whether all of the message's data was written (from then on the relay may have taken it). MailKit reports
        /// the bytes as they go into its buffer, so a connection that breaks in the last flush counts too: such a
        /// message waits for its next attempt instead of another try now, a delay and never a loss.
        /// </summary>
        public bool Written { get; private set; }

        public void Report(long bytesTransferred, long totalSize)
        {
            if (bytesTransferred >= totalSize)
            {
                Written = true;
                client.Timeout = (int)limit.TotalMilliseconds;
            }
        }

        public void Report(long bytesTransferred)
        {
        }
    }

    private static void Discard(ref SmtpClient? client)
    {
        client?.Dispose();
        client = null;
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out SmtpClient? client))
        {
            if (client.IsConnected)
            {
                await client.DisconnectAsync(quit: true);
            }

            client.Dispose();
        }

        _connections.Dispose();
    }
}
