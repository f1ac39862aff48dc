using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>The Marketo source of the initial sync: paging a static list by nextPageToken, and resuming from a stored token.</summary>
public sealed class StaticListPagingTests
{
    [Fact]
    public async Task Reads_every_lead_300_per_call_until_no_next_page_token()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 700);
        var source = new MarketoPeopleSource(marketo.Client());

        SourcePage page = await source.ReadPageAsync(null, 1000, CancellationToken.None);

        Assert.Equal(Enumerable.Range(1, 700).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)), page.People.Select(p => p.RowKey));
        Assert.Null(page.NextCursor);
        Assert.Equal(3, marketo.Server.Calls);
        Assert.Empty(marketo.Server.Violations);
    }

    [Fact]
    public async Task A_lead_maps_to_a_person_whose_sales_copy_has_exactly_the_13_fields()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 2);
        SourcePage page = await new MarketoPeopleSource(marketo.Client()).ReadPageAsync(null, 10, CancellationToken.None);

        TableEntity owned = page.People[0];
        TableEntity copy = SalesPerson.From(owned);

        Assert.True(SalesPerson.IsEligible(owned));
        Assert.False(SalesPerson.IsEligible(page.People[1]));
        Assert.Equal("First1", copy.GetString(PersonFields.FirstName));
        Assert.Equal("0061", copy.GetString(PersonFields.SalesforceOpportunityId));
        Assert.Equal("https://www.linkedin.com/in/lead1", copy.GetString(PersonFields.LinkedInUrl));
        Assert.Equal("Webinar", copy.GetString(PersonFields.Source));
        Assert.Equal("1", copy.GetString("MarketoId"));
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 10, 0, 0, TimeSpan.Zero).UtcTicks, copy.GetInt64(SalesPerson.SourceVersion));
        Assert.False(owned.ContainsKey("favoriteColor"));
        Assert.Equal(
            PersonFields.Synced.Order(StringComparer.Ordinal),
            copy.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "odata.etag" or SalesPerson.SourceVersion or SalesPerson.Removed)).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_restarted_sync_resumes_from_the_stored_paging_token_without_rereading()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 750);
        SourcePage first = await new MarketoPeopleSource(marketo.Client()).ReadPageAsync(null, 300, CancellationToken.None);
        long callsBeforeCrash = marketo.Server.Calls;

        // A new process: new client, new token, only the checkpointed cursor survives.
        var afterRestart = new MarketoPeopleSource(marketo.Client());
        var rest = new List<TableEntity>();
        string? cursor = first.NextCursor;
        while (cursor is not null)
        {
            SourcePage page = await afterRestart.ReadPageAsync(cursor, 300, CancellationToken.None);
            rest.AddRange(page.People);
            cursor = page.NextCursor;
        }

        string[] all = first.People.Concat(rest).Select(p => p.RowKey).ToArray();
        Assert.Equal(750, all.Length);
        Assert.Equal(750, all.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(2, marketo.Server.Calls - callsBeforeCrash);
        Assert.Equal(2, marketo.Server.TokensIssued);
    }

    [Fact]
    public async Task More_than_300_records_per_call_is_refused_before_calling()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() =>
            marketo.Client().GetStaticListLeadsAsync(MarketoFixture.ListId, MarketoLeadFields.Requested, null, 301, CancellationToken.None));
        Assert.Equal(0, marketo.Server.Calls);
    }
}
