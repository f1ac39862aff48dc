namespace JourneyFunctions.Marketo.Tests;

/// <summary>Get Lead Changes from a paging token, with the returned token kept as the checkpoint.</summary>
public sealed class LeadChangesTests
{
    [Fact]
    public async Task Reads_changes_since_a_time_and_continues_from_the_checkpoint_token()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        var start = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        marketo.Server.AddLeadChange(1, start.AddMinutes(-5), "title", "Old", null);
        marketo.Server.AddLeadChange(2, start.AddMinutes(1), "email", "b@example.com", "a@example.com");
        marketo.Server.AddLeadChange(3, start.AddMinutes(2), "sfdcLeadOwnerId", null, "005SELLER");
        MarketoClient client = marketo.Client();

        string token = await client.GetPagingTokenAsync(start, CancellationToken.None);
        MarketoPage<LeadChange> first = await client.GetLeadChangesAsync(token, ["email", "sfdcLeadOwnerId"], 1, CancellationToken.None);
        MarketoPage<LeadChange> second = await client.GetLeadChangesAsync(first.NextPageToken!, ["email", "sfdcLeadOwnerId"], 300, CancellationToken.None);
        marketo.Server.AddLeadChange(1, start.AddMinutes(3), "phone", "+1", null);
        MarketoPage<LeadChange> later = await client.GetLeadChangesAsync(second.NextPageToken!, ["phone"], 300, CancellationToken.None);

        Assert.Equal(2, Assert.Single(first.Items).LeadId);
        Assert.Equal("b@example.com", first.Items[0].Fields[0].NewValue);
        LeadChange ownerLost = Assert.Single(second.Items);
        Assert.Equal(3, ownerLost.LeadId);
        Assert.Null(ownerLost.Fields[0].NewValue);
        Assert.Equal(start.AddMinutes(2), ownerLost.ActivityDate);
        Assert.Equal("phone", Assert.Single(later.Items).Fields[0].Name);
    }
}
