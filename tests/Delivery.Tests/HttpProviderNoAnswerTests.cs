using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Email;
using JourneyFunctions.Sms;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>
/// Twilio and SendGrid have no idempotency key, so a request that reached the provider and got no answer (a reset
/// after the request, a timeout) is not sent again within the send: each try could deliver one more copy. A request
/// that never connected is tried again at once.
/// </summary>
public sealed class HttpProviderNoAnswerTests
{
    /// <summary>Per provider: a reset after the request (tried once, left to the next attempt) and no connection (tried 3 times).</summary>
    public static TheoryData<string, HttpRequestError, bool, string, int> Failures => new()
    {
        { "twilio", HttpRequestError.ResponseEnded, false, "may have taken the message", 1 },
        { "sendgrid", HttpRequestError.ResponseEnded, false, "may have taken the message", 1 },
        { "twilio", HttpRequestError.ConnectionError, true, "unreachable", 3 },
        { "sendgrid", HttpRequestError.ConnectionError, true, "unreachable", 3 },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_request_dropped_after_it_was_sent_is_tried_once_in_the_send_and_one_that_never_connected_again(
        string provider, HttpRequestError error, bool retryWithinSend, string reason, int requests)
    {
        var transport = new FailingTransport(error);

        SendOutcome outcome = await SendAsync(provider, transport);

        Assert.Equal(DeliveryStatus.Retrying, outcome.Status);
        Assert.Equal(retryWithinSend, outcome.RetryWithinSend);
        Assert.Contains(reason, outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(requests, transport.Requests);
    }

    private static Task<SendOutcome> SendAsync(string provider, HttpMessageHandler transport) => provider == "twilio"
        ? new TwilioSmsClient(transport, new TwilioOptions { AccountSid = "AC00000000000000000000000000000000", AuthToken = "token", From = "+15005550006", BaseUrl = new Uri("http://127.0.0.1:9/") }, TimeProvider.System)
            .SendAsync(new OutgoingMessage("m-1", OutboxKind.Sms, "+821012345670", null, "Hi"), CancellationToken.None)
        : new SendGridEmailClient(new HttpClient(transport), new SendGridOptions { ApiKey = "SG.key", From = "journeys@example.com", BaseUrl = new Uri("http://127.0.0.1:9/") }, TimeProvider.System)
            .SendAsync(new OutgoingMessage("m-1", OutboxKind.Email, "person@example.com", "Hi", "Body"), CancellationToken.None);

    private sealed class FailingTransport(HttpRequestError error) : HttpMessageHandler
    {
        private int _requests;

        public int Requests => _requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _requests);
            throw new HttpRequestException(error, $"{error} (test)");
        }
    }
}
