using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Email;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>The dispatcher with the SendGrid client against a fake SendGrid that holds to the Mail Send contract.</summary>
public sealed class SendGridDeliveryTests
{
    private static SendGridEmailClient Client(FakeSendGrid fake) =>
        new(new HttpClient(), new SendGridOptions { ApiKey = FakeSendGrid.ApiKey, BaseUrl = fake.BaseUrl, From = "journeys@example.com" }, TimeProvider.System);

    [Fact]
    public async Task Each_message_is_sent_once_with_its_stable_id_even_when_the_action_and_the_batch_run_again()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueEmailsAsync(5);
        await bed.DrainAsync();
        // A retried sendEmail activity writes the same rows and queues the same batch again.
        await bed.QueueEmailsAsync(5);
        await bed.DrainAsync();

        Assert.Equal(5, fake.Accepted.Count);
        string[] expectedIds = [.. Enumerable.Range(0, 5).Select(i => DeliveryLedger.MessageId(bed.RunId, "mail", bed.Person(i))).Order()];
        Assert.Equal(expectedIds, fake.CustomArgs(SendGridEmailClient.MessageIdArg).Order());
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.All(ledger.Values, row =>
        {
            Assert.Equal("Sent", row.GetString("Status"));
            Assert.StartsWith("sg-", row.GetString("ProviderMessageId"), StringComparison.Ordinal);
            Assert.Equal(1, row.GetInt32("Attempts"));
        });
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task A_body_longer_than_one_table_property_is_sent_whole()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        string body = string.Concat(Enumerable.Range(0, 150_000).Select(i => (char)('a' + (i % 26))));
        await bed.Outbox.QueueOnceAsync(OutboxKind.Email, bed.Prefix + "-journey", "node-mail",
            [new OutboxMessage(bed.Person(0), "long@example.com", "long", body, bed.AccountId)], bed.RunId, "mail", DateTimeOffset.UtcNow);
        await bed.DrainAsync();

        Assert.Equal(body, Assert.Single(fake.Accepted)["content"]![0]!["value"]!.GetValue<string>());
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task A_person_who_unsubscribed_after_the_email_was_queued_is_skipped_at_send_time_and_counted()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.People.UpsertAsync(Enumerable.Range(0, 3).Select(i => new TableEntity(bed.AccountId, bed.Person(i)) { [PersonFields.Unsubscribed] = false }));
        await bed.QueueEmailsAsync(3);
        await bed.People.UpsertAsync([new TableEntity(bed.AccountId, bed.Person(2)) { [PersonFields.Unsubscribed] = true }]);
        // Another writer's text form unsubscribes as well: a reader that could not read it as a flag sent to them.
        await bed.People.UpsertAsync([new TableEntity(bed.AccountId, bed.Person(1)) { [PersonFields.Unsubscribed] = "TRUE" }]);
        await bed.DrainAsync();

        Assert.Single(fake.Accepted);
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.Equal("Sent", ledger[bed.Person(0)].GetString("Status"));
        Assert.Equal("Skipped", ledger[bed.Person(1)].GetString("Status"));
        Assert.Equal("Skipped", ledger[bed.Person(2)].GetString("Status"));
        Assert.Equal("skipped: unsubscribed since the email was queued", ledger[bed.Person(2)].GetString("Reason"));
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task A_429_storm_slows_delivery_without_losing_or_doubling_a_message()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        fake.Failures.Storm(perSecond: 10);
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueEmailsAsync(60);
        var timer = System.Diagnostics.Stopwatch.StartNew();
        await bed.DrainAsync();

        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.True(fake.Accepted.Count == 60, string.Join("\n", ledger.Values.GroupBy(r => $"{r.GetString("Status")}: {r.GetString("Reason")}").Select(g => $"{g.Count()} {g.Key}")));
        Assert.True(fake.Failures.Refused429 > 0, "the storm refused nothing");
        Assert.True(timer.Elapsed >= TimeSpan.FromSeconds(4), $"60 messages at 10/s took only {timer.Elapsed}");
        Assert.Equal(60, fake.Accepted.Count);
        Assert.Equal(60, fake.CustomArgs(SendGridEmailClient.MessageIdArg).Distinct().Count());
        Assert.All(ledger.Values, row => Assert.Equal("Sent", row.GetString("Status")));
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task A_refusal_is_recorded_with_its_reason_and_never_retried()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        fake.Failures.Enqueue(400);
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueEmailsAsync(3);
        await bed.DrainAsync();

        Assert.Equal(3, fake.Calls);
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        TableEntity refused = Assert.Single(ledger.Values, r => r.GetString("Status") == "Refused");
        Assert.Contains("SendGrid 400", refused.GetString("Reason"), StringComparison.Ordinal);
        Assert.Equal(2, ledger.Values.Count(r => r.GetString("Status") == "Sent"));
        await bed.DeleteQueueAsync();
    }

    [Fact]
    public async Task Server_errors_are_retried_with_backoff_then_sent()
    {
        await using FakeSendGrid fake = await FakeSendGrid.StartAsync();
        // Three in-call tries fail; the dispatcher queues the message again and the next attempt succeeds.
        fake.Failures.Enqueue(503, times: 3);
        DeliveryBed bed = await DeliveryBed.CreateAsync(Client(fake));
        await bed.QueueEmailsAsync(1);
        await bed.DrainAsync();

        TableEntity row = Assert.Single((await bed.LedgerAsync()).Values);
        Assert.Equal("Sent", row.GetString("Status"));
        Assert.Equal(2, row.GetInt32("Attempts"));
        Assert.Equal(4, fake.Calls);
        Assert.Single(fake.Accepted);
        await bed.DeleteQueueAsync();
    }
}
