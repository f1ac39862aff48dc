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

    [Fact]
    public async Task The_change_feed_returns_the_current_values_and_old_values_of_leads_whose_synced_fields_changed_and_resumes_from_its_checkpoint()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        var start = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        marketo.Server.SetLeadField(2, "email", "new2@example.com");
        marketo.Server.AddLeadChange(2, start.AddMinutes(1), "email", "new2@example.com", "lead2@example.com");
        marketo.Server.AddLeadChange(3, start.AddMinutes(2), "favoriteColor", "blue", "red");
        var feed = new MarketoChangeFeed(marketo.Client());

        (IReadOnlyList<Azure.Data.Tables.TableEntity> first, string? checkpoint, var oldValues, _, _) = await feed.ReadAsync(null, start, CancellationToken.None);
        marketo.Server.AddLeadChange(4, start.AddMinutes(3), "title", "CEO", "Buyer");
        IReadOnlyList<Azure.Data.Tables.TableEntity> second = (await feed.ReadAsync(checkpoint, start, CancellationToken.None)).People;

        Azure.Data.Tables.TableEntity lead2 = Assert.Single(first);
        Assert.Equal("2", lead2.RowKey);
        Assert.Equal("new2@example.com", lead2.GetString(Domain.People.PersonFields.Email));
        Assert.Equal("lead2@example.com", Assert.Single(oldValues["2"]) is { Key: Domain.People.PersonFields.Email } old ? old.Value : null); // the field by its person name, with its old value
        Assert.Equal("4", Assert.Single(second).RowKey);
    }

    [Fact]
    public async Task The_change_feed_fetches_changed_leads_at_most_300_ids_per_call()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 350);
        var start = new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
        for (int id = 1; id <= 350; id++)
        {
            marketo.Server.AddLeadChange(id, start.AddSeconds(id), "phone", "+1" + id, null);
        }

        IReadOnlyList<Azure.Data.Tables.TableEntity> people = (await new MarketoChangeFeed(marketo.Client()).ReadAsync(null, start, CancellationToken.None)).People;

        Assert.Equal(350, people.Count);
        Assert.Empty(marketo.Server.Violations);
        // A paging token, two pages of changes, two lookups by id.
        Assert.Equal(5, marketo.Server.Calls);
    }

    [Fact]
    public async Task More_than_300_ids_per_lookup_is_refused_before_calling()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            marketo.Client().GetLeadsByIdAsync([.. Enumerable.Range(1, 301).Select(i => (long)i)], ["email"], CancellationToken.None));
        Assert.Equal(0, marketo.Server.Calls);
    }
}
