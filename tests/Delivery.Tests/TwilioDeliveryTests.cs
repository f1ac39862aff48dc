using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Sms;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>The dispatcher with the Twilio client against a fake Twilio that holds to the Create Message contract.</summary>
public sealed class TwilioDeliveryTests
{
    private static TwilioSmsClient Client(FakeTwilio fake) =>
        new(new SocketsHttpHandler(), new TwilioOptions { AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = FakeTwilio.From, BaseUrl = fake.BaseUrl }, TimeProvider.System);

    [Fact]
    public async Task Sms_are_sent_once_with_Twilio_sids_and_a_number_Twilio_refuses_is_recorded_not_retried()
    {
        await using FakeTwilio fake = await FakeTwilio.StartAsync();
        fake.Failures.Enqueue(429, retryAfterSeconds: 1);
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueSmsAsync(["+821012345670", "+821012345671", "0101234"]);
        await bed.DrainAsync();
        await bed.QueueSmsAsync(["+821012345670", "+821012345671", "0101234"]);
        await bed.DrainAsync();

        Assert.Equal(["+821012345670", "+821012345671"], fake.Accepted.Select(a => a.To).Order());
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync("sms");
        Assert.StartsWith("SM", ledger[bed.Person(0)].GetString("ProviderMessageId"), StringComparison.Ordinal);
        Assert.Equal("Sent", ledger[bed.Person(1)].GetString("Status"));
        Assert.Equal("Refused", ledger[bed.Person(2)].GetString("Status"));
        Assert.Contains("21211", ledger[bed.Person(2)].GetString("Reason"), StringComparison.Ordinal);
        Assert.Equal(1, fake.Failures.Refused429);
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task Waits_Twilio_asks_for_use_up_no_attempt_so_a_429_storm_longer_than_the_attempts_still_delivers()
    {
        await using FakeTwilio fake = await FakeTwilio.StartAsync();
        // Three tries a send, each answered 429: seven sends' worth, more than the five attempts a message has.
        fake.Failures.Enqueue(429, times: 3 * (DeliveryLedger.MaxAttempts + 2), retryAfterSeconds: 1);
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueSmsAsync(["+821012345670"]);

        await bed.DrainAsync(TimeSpan.FromSeconds(120));

        TableEntity sms = Assert.Single((await bed.LedgerAsync("sms")).Values);
        Assert.Equal("Sent", sms.GetString("Status"));
        Assert.Equal(1, sms.GetInt32("Attempts"));
        Assert.Equal(DeliveryLedger.MaxAttempts + 2, sms.GetInt32("Throttled"));
        Assert.Single(fake.Accepted);
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task A_transient_answer_reads_as_a_refusal_does_with_Twilios_code_and_message()
    {
        var client = new TwilioSmsClient(
            new ErrorAnswer("""{ "code": 20500, "message": "An internal server error has occurred", "more_info": "https://www.twilio.com/docs/errors/20500", "status": 500 }"""),
            new TwilioOptions { AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = FakeTwilio.From, BaseUrl = new Uri("http://127.0.0.1:9/") },
            TimeProvider.System);

        SendOutcome outcome = await client.SendAsync(new OutgoingMessage("m-1", OutboxKind.Sms, "+821012345670", null, "Hi"), CancellationToken.None);

        Assert.Equal((DeliveryStatus.Retrying, "Twilio 500 error 20500: An internal server error has occurred"), (outcome.Status, outcome.Reason));
    }

    [Fact]
    public async Task A_created_message_whose_answer_cannot_be_read_is_sent_not_refused()
    {
        var client = new TwilioSmsClient(
            new ErrorAnswer("{not json", System.Net.HttpStatusCode.Created),
            new TwilioOptions { AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = FakeTwilio.From, BaseUrl = new Uri("http://127.0.0.1:9/") },
            TimeProvider.System);

        SendOutcome outcome = await client.SendAsync(new OutgoingMessage("m-1", OutboxKind.Sms, "+821012345670", null, "Hi"), CancellationToken.None);

        // Twilio took it (201): sending it again would send it twice.
        Assert.Equal((DeliveryStatus.Sent, null), (outcome.Status, outcome.ProviderMessageId));
        Assert.StartsWith("Twilio took the message but its answer could not be read", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(System.Net.HttpStatusCode.Forbidden, "<html>Forbidden</html>")]
    [InlineData(System.Net.HttpStatusCode.BadRequest, "")]
    [InlineData(System.Net.HttpStatusCode.NotFound, "<html>Not found</html>")]
    public async Task A_refusal_whose_body_is_no_Twilio_error_is_still_a_refusal(System.Net.HttpStatusCode status, string body)
    {
        var client = new TwilioSmsClient(
            new ErrorAnswer(body, status),
            new TwilioOptions { AccountSid = FakeTwilio.AccountSid, AuthToken = FakeTwilio.AuthToken, From = FakeTwilio.From, BaseUrl = new Uri("http://127.0.0.1:9/") },
            TimeProvider.System);

        SendOutcome outcome = await client.SendAsync(new OutgoingMessage("m-1", OutboxKind.Sms, "+821012345670", null, "Hi"), CancellationToken.None);

        Assert.Equal(DeliveryStatus.Refused, outcome.Status);
    }

    private sealed class ErrorAnswer(string body, System.Net.HttpStatusCode status = System.Net.HttpStatusCode.InternalServerError) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") });
    }

    [Fact]
    public async Task Without_a_provider_messages_are_recorded_as_not_configured()
    {
        DeliveryBed bed = await DeliveryBed.CreateAsync(new NotConfiguredSender(MessageKinds.Sms, "not configured: no Twilio account"));
        await bed.QueueSmsAsync(["+821012345670"]);
        await bed.QueueEmailsAsync(1);
        await bed.DrainAsync();

        TableEntity sms = Assert.Single((await bed.LedgerAsync("sms")).Values);
        Assert.Equal("NotConfigured", sms.GetString("Status"));
        Assert.Equal("not configured: no Twilio account", sms.GetString("Reason"));
        TableEntity email = Assert.Single((await bed.LedgerAsync()).Values);
        Assert.Equal("NotConfigured", email.GetString("Status"));
        Assert.Equal(OutboxKind.Email.ToString(), email.GetString("Kind"));
        await bed.DeleteQueueAsync();
    }
}
