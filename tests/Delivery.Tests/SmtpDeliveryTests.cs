using Azure.Data.Tables;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Email;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Delivery.Tests;

/// <summary>The dispatcher with the SMTP client against the real smtp4dev the test command starts.</summary>
public sealed class SmtpDeliveryTests
{
    [Fact]
    public async Task Emails_reach_smtp4dev_once_each_with_the_stable_Message_ID_when_everything_runs_twice()
    {
        await using var smtp = new SmtpEmailClient(new SmtpOptions { Host = "127.0.0.1", Port = Smtp4dev.SmtpPort, From = "journeys@example.com" }, TimeProvider.System);
        DeliveryBed bed = await DeliveryBed.CreateAsync(smtp);
        await bed.QueueEmailsAsync(12);
        await bed.QueueEmailsAsync(12);
        await bed.DrainAsync();
        await bed.QueueEmailsAsync(12);
        await bed.DrainAsync();

        List<(string Id, string To, string Subject)> ours = [.. (await Smtp4dev.MessagesAsync()).Where(m => m.To.StartsWith(bed.Prefix, StringComparison.Ordinal))];
        Assert.Equal(12, ours.Count);
        Assert.Equal(12, ours.Select(m => m.To).Distinct().Count());
        (string id, string to, _) = ours.Single(m => m.To == $"{bed.Person(3)}@example.com");
        Assert.Equal($"<{DeliveryLedger.MessageId(bed.RunId, "mail", bed.Person(3))}@example.com>", await Smtp4dev.HeaderAsync(id, "Message-ID"));
        Dictionary<string, TableEntity> ledger = await bed.LedgerAsync();
        Assert.All(ledger.Values, row => Assert.Equal("Sent", row.GetString("Status")));
        Assert.False(string.IsNullOrEmpty(ledger[bed.Person(3)].GetString("ProviderMessageId")), "the server's reply is kept");
        await bed.DeleteQueueAsync();
    }
}
