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
    public static TheoryData<string> Providers => new() { "twilio", "sendgrid" };

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_dropped_after_it_was_sent_is_tried_once_in_the_send_and_left_to_the_next_attempt(string provider)
    {
        var transport = new FailingTransport(HttpRequestError.ResponseEnded);

        SendOutcome outcome = await SendAsync(provider, transport);

        Assert.Equal(DeliveryStatus.Retrying, outcome.Status);
        Assert.False(outcome.RetryWithinSend);
        Assert.Contains("may have taken the message", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(1, transport.Requests);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_request_that_never_connected_is_tried_again_within_the_send(string provider)
    {
        var transport = new FailingTransport(HttpRequestError.ConnectionError);

        SendOutcome outcome = await SendAsync(provider, transport);

        Assert.Equal(DeliveryStatus.Retrying, outcome.Status);
        Assert.True(outcome.RetryWithinSend);
        Assert.Contains("unreachable", outcome.Reason, StringComparison.Ordinal);
        Assert.Equal(3, transport.Requests);
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
