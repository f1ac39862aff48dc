using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using SendGrid;
using SendGrid.Helpers.Mail;

namespace JourneyFunctions.Email;

/// <summary>
/// Email through the SendGrid v3 Mail Send API (the <c>SendGrid</c> package). The stable message id travels as the
/// custom arg <see cref="MessageIdArg"/> (it comes back on every event SendGrid reports for the message) and
/// SendGrid's <c>X-Message-Id</c> is kept as the provider id. 202 = sent; 429 waits for <c>Retry-After</c> (or the
/// rate-limit reset); 5xx and failed connections are transient (a request without an answer is not tried again
/// within the send: SendGrid may have taken it); any other 4xx is a permanent refusal with SendGrid's reason.
/// </summary>
public sealed class SendGridEmailClient(HttpClient http, SendGridOptions options, TimeProvider clock) : IMessageSender
{
    public const string MessageIdArg = "journey_message_id";

    private readonly SendGridClient _client = new(http, new SendGridClientOptions { ApiKey = options.ApiKey, Host = options.BaseUrl.ToString().TrimEnd('/') });
    private readonly SendRetry _retry = new(clock);

    public IReadOnlySet<OutboxKind> Kinds => MessageKinds.Email;

    public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        SendGridMessage mail = MailHelper.CreateSingleEmail(new EmailAddress(options.From), new EmailAddress(message.To), message.HeaderSubject, message.Body, null);
        mail.AddCustomArg(MessageIdArg, message.MessageId);
        return _retry.RunAsync(ct => SendOnceAsync(mail, ct), cancellationToken);
    }

    private async Task<SendOutcome> SendOnceAsync(SendGridMessage mail, CancellationToken cancellationToken)
    {
        Response response;
        try
        {
            response = await _client.SendEmailAsync(mail, cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return SendOutcome.NoAnswer("SendGrid", e);
        }

        int status = (int)response.StatusCode;
        if (status is >= 200 and < 300)
        {
            return SendOutcome.Sent(response.Headers.TryGetValues("X-Message-Id", out IEnumerable<string>? ids) ? ids.FirstOrDefault() : null);
        }

        string reason = $"SendGrid {status}: {await ErrorsAsync(response, cancellationToken)}";
        return response.StatusCode == HttpStatusCode.TooManyRequests
            ? SendOutcome.Transient(reason, RetryAfter(response.Headers))
            : status >= 500 ? SendOutcome.Transient(reason) : SendOutcome.Refused(reason);
    }

    /// <summary><c>Retry-After</c> (seconds or a date), else <c>X-RateLimit-Reset</c> (epoch seconds), else a second.</summary>
    private TimeSpan RetryAfter(HttpResponseHeaders headers)
    {
        if (headers.RetryAfter is { } after)
        {
            return after.Delta ?? (after.Date is { } date ? date - clock.GetUtcNow() : TimeSpan.FromSeconds(1));
        }

        return headers.TryGetValues("X-RateLimit-Reset", out IEnumerable<string>? reset) && long.TryParse(reset.FirstOrDefault(), out long epoch)
            ? DateTimeOffset.FromUnixTimeSeconds(epoch) - clock.GetUtcNow()
            : TimeSpan.FromSeconds(1);
    }

    /// <summary>SendGrid's <c>errors[].message</c>, or the body as text.</summary>
    private static async Task<string> ErrorsAsync(Response response, CancellationToken cancellationToken)
    {
        string body = await response.Body.ReadAsStringAsync(cancellationToken);
        try
        {
            using JsonDocument json = JsonDocument.Parse(body);
            if (json.RootElement.TryGetProperty("errors", out JsonElement errors) && errors.ValueKind == JsonValueKind.Array)
            {
                return string.Join("; ", errors.EnumerateArray().Select(e => e.TryGetProperty("message", out JsonElement m) ? m.GetString() : e.ToString()));
            }
        }
        catch (JsonException)
        {
            // Not JSON: the text itself is the reason.
        }

        return body.Length > 500 ? body[..500] : body;
    }
}
