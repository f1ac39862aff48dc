using System.Net;
using System.Text.Json;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using Twilio.Clients;
using Twilio.Exceptions;
using Twilio.Rest.Api.V2010.Account;
using TwilioNumber = Twilio.Types.PhoneNumber;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Sms;

/// <summary>
/// SMS through Twilio's Messages API (the <c>Twilio</c> package). The message SID is kept as the provider id. Twilio
/// has no idempotency key for creating a message, so the dispatcher's send ledger is what keeps a retry from sending
/// twice. 429 waits for <c>Retry-After</c>, 5xx and failed connections are transient (a request without an answer is
/// not tried again within the send: Twilio may have taken it), other 4xx (an invalid or
/// unreachable number, a blocked recipient) are permanent refusals with Twilio's error code.
/// </summary>
public sealed class TwilioSmsClient : IMessageSender
{
    private readonly TwilioRestClient _client;
    private readonly TwilioOptions _options;
    private readonly SendRetry _retry;

    public TwilioSmsClient(HttpMessageHandler transport, TwilioOptions options, TimeProvider clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _retry = new SendRetry(clock);
        var http = new HttpClient(new TwilioTransport(options.BaseUrl, clock) { InnerHandler = transport }) { Timeout = TimeSpan.FromSeconds(10) };
        _client = new TwilioRestClient(options.AccountSid, options.AuthToken, httpClient: new Twilio.Http.SystemNetHttpClient(http));
    }

    public IReadOnlySet<OutboxKind> Kinds => MessageKinds.Sms;

    public Task<SendOutcome> SendAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return _retry.RunAsync(_ => SendOnceAsync(message), cancellationToken);
    }

    private async Task<SendOutcome> SendOnceAsync(OutgoingMessage message)
    {
        try
        {
            MessageResource sent = await MessageResource.CreateAsync(
                new CreateMessageOptions(new TwilioNumber(message.To)) { From = new TwilioNumber(_options.From), Body = message.Body }, _client);
            return SendOutcome.Sent(sent.Sid);
        }
        catch (ApiConnectionException e) when (e.InnerException is TwilioTransientException transient)
        {
            return SendOutcome.Transient(transient.Message, transient.RetryAfter);
        }
        catch (ApiConnectionException e)
        {
            return SendOutcome.NoAnswer("Twilio", e.InnerException ?? e);
        }
        catch (ApiException e) when (e.InnerException is Newtonsoft.Json.JsonException)
        {
            // Only a 2xx answer is read as a message resource: one that is not JSON means Twilio took the message.
            return SendOutcome.Sent(null) with { Reason = $"Twilio took the message but its answer could not be read: {e.Message}" };
        }
        catch (ApiException e)
        {
            return SendOutcome.Refused($"Twilio {e.Status} error {e.Code}: {e.Message}");
        }
    }

    /// <summary>
    /// Points the SDK's requests at <see cref="TwilioOptions.BaseUrl"/> and turns 429/5xx answers into
    /// <see cref="TwilioTransientException"/>, which keeps the <c>Retry-After</c> the SDK's own exception drops.
    /// </summary>
    private sealed class TwilioTransport(Uri baseUrl, TimeProvider clock) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            request.RequestUri = ApiAddress.Under(baseUrl, request.RequestUri!.PathAndQuery);
            HttpResponseMessage response = await base.SendAsync(request, cancellationToken);
            int status = (int)response.StatusCode;
            if (response.StatusCode != HttpStatusCode.TooManyRequests && status < 500)
            {
                return response;
            }

            using (response)
            {
                string body = await response.Content.ReadAsStringAsync(cancellationToken);
                TimeSpan? retryAfter = response.Headers.RetryAfter is { } after
                    ? after.Delta ?? (after.Date is { } date ? date - clock.GetUtcNow() : null)
                    : null;
                throw new TwilioTransientException(Reason(status, body), retryAfter);
            }
        }

        /// <summary>As a refusal reads (<c>Twilio 429 error 20429: Too Many Requests</c>), from Twilio's error body; else the body's start.</summary>
        private static string Reason(int status, string body)
        {
            try
            {
                using var error = JsonDocument.Parse(body);
                if (error.RootElement.ValueKind == JsonValueKind.Object
                    && error.RootElement.TryGetProperty("code", out JsonElement code) && code.ValueKind == JsonValueKind.Number
                    && error.RootElement.TryGetProperty("message", out JsonElement message) && message.ValueKind == JsonValueKind.String)
                {
                    return $"Twilio {status} error {code.GetRawText()}: {message.GetString()}";
                }
            }
            catch (JsonException)
            {
                // Not Twilio's error body (a proxy's page): its start, below.
            }

            return $"Twilio {status}: {(body.Length > 300 ? body[..300] : body)}";
        }
    }
}
