using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>The Smart Grid's Marketo read: Get Paging Token, then Get Lead Activities for one lead, page by page, within Marketo's limits.</summary>
public sealed class PersonActivitiesTests
{
    private static readonly DateTimeOffset Since = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);

    private static async Task<List<PersonMarketingActivity>> ReadAllAsync(MarketoPersonActivities reader, string lead, int pageSize, Action? betweenPages = null)
    {
        var all = new List<PersonMarketingActivity>();
        string? continuation = null;
        do
        {
            PersonMarketingActivityPage page = await reader.ReadAsync(lead, Since, pageSize, continuation, CancellationToken.None);
            Assert.True(page.Items.Count <= pageSize);
            all.AddRange(page.Items);
            continuation = page.Continuation;
            betweenPages?.Invoke();
        }
        while (continuation is not null);

        return all;
    }

    [Fact]
    public async Task Returns_the_leads_opens_clicks_moments_and_visits_since_the_time_oldest_first_in_bounded_pages()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 2);
        FakeMarketoServer fake = marketo.Server;
        fake.AddLeadActivity(1, 10, Since.AddDays(-1), "Too old");
        var expected = new List<(long Id, string Type)>();
        for (int i = 0; i < 40; i++)
        {
            DateTimeOffset at = Since.AddHours(i);
            expected.Add((fake.AddLeadActivity(1, 10, at, "Newsletter", new Dictionary<string, string> { ["Device"] = "Mobile" }), PersonMarketingActivity.OpenEmail));
            fake.AddLeadActivity(2, 11, at, "Someone else's click");
            fake.AddLeadActivity(1, 13, at, "A field change: not shown");
            expected.Add((fake.AddLeadActivity(1, i % 2 == 0 ? 1 : 46, at.AddMinutes(1), "Pricing page"), i % 2 == 0 ? PersonMarketingActivity.VisitWebpage : PersonMarketingActivity.InterestingMoment));
        }

        expected.Add((fake.AddLeadActivity(1, 100002, Since.AddDays(3), "Sales email"), PersonMarketingActivity.OpenEmail));
        MarketoClient client = marketo.Client(marketo.Options() with { ActivityTypeIds = new Dictionary<string, int> { ["openSalesEmail"] = 100002, ["sendSalesEmail"] = 100001 } });
        var reader = new MarketoPersonActivities(client, momentActivityTypeId: 100010);

        List<PersonMarketingActivity> all = await ReadAllAsync(reader, "1", pageSize: 7);

        Assert.Equal(expected.Select(e => (e.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), e.Type)), all.Select(a => (a.Id, a.Type)));
        Assert.Equal("Mobile", all[0].Attributes["Device"]);
        Assert.Equal(Since, all[0].OccurredAt);
        Assert.InRange(reader.ActivityTypeIds.Count, 1, MarketoClient.MaxActivityTypesPerCall);
        Assert.Empty(fake.Violations);
    }

    [Fact]
    public async Task A_lead_with_much_other_activity_gets_a_page_cut_short_by_the_call_bound_and_the_continuation_reaches_its_activity()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);
        FakeMarketoServer fake = marketo.Server;
        // 7 calls' worth (300 each) of field changes before the one email open: more than one page may spend.
        for (int i = 0; i < 2100; i++)
        {
            fake.AddLeadActivity(1, 13, Since.AddSeconds(i));
        }

        long open = fake.AddLeadActivity(1, 10, Since.AddDays(1), "Newsletter");
        var reader = new MarketoPersonActivities(marketo.Client(), momentActivityTypeId: null);

        PersonMarketingActivityPage first = await reader.ReadAsync("1", Since, 50, null, CancellationToken.None);
        int callsForFirst = fake.ActivityCalls;
        PersonMarketingActivityPage second = await reader.ReadAsync("1", Since, 50, first.Continuation, CancellationToken.None);

        Assert.Empty(first.Items);
        Assert.NotNull(first.Continuation);
        Assert.Equal(MarketoPersonActivities.MaxCallsPerPage, callsForFirst);
        Assert.Equal(open.ToString(System.Globalization.CultureInfo.InvariantCulture), Assert.Single(second.Items).Id);
        Assert.Null(second.Continuation);
    }

    [Fact]
    public async Task A_continuation_whose_Marketo_token_expired_resumes_from_the_last_activity_without_repeats_or_gaps()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);
        FakeMarketoServer fake = marketo.Server;
        var ids = new List<string>();
        for (int i = 0; i < 12; i++)
        {
            // Two activities share each second: resuming by date alone would repeat or lose one.
            ids.Add(fake.AddLeadActivity(1, 11, Since.AddSeconds(i / 2), "Link " + i).ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        var reader = new MarketoPersonActivities(marketo.Client(), momentActivityTypeId: null);

        List<PersonMarketingActivity> all = await ReadAllAsync(reader, "1", pageSize: 5, betweenPages: fake.ExpirePagingTokens);

        Assert.Equal(ids, all.Select(a => a.Id));
    }

    [Fact]
    public async Task A_Marketo_that_keeps_failing_answers_unavailable_once_the_read_budget_is_spent_not_after_every_retry()
    {
        // The client would try 8 times over about 90 s (1 s doubling to 30 s): the page gives up after its budget.
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);
        marketo.Server.InjectErrors([.. Enumerable.Repeat(502, 8)]);
        MarketoClient client = marketo.Client(marketo.Options() with { RetryDelay = TimeSpan.FromSeconds(1), MaxRetryDelay = TimeSpan.FromSeconds(30) });
        var reader = new MarketoPersonActivities(client, momentActivityTypeId: null, readBudget: TimeSpan.FromSeconds(2));

        MarketingActivitiesUnavailableException e = await Assert.ThrowsAsync<MarketingActivitiesUnavailableException>(() => reader.ReadAsync("1", Since, 5, null, CancellationToken.None));

        Assert.Equal("marketoUnavailable", e.Reason);
        Assert.Equal("Marketo could not be read (Marketo gave no usable answer within 2 s); try again later.", e.Message);
        Assert.InRange(marketo.Server.Calls, 1, 3); // attempts at 0, ~1 and ~3 s: the third is past the budget
    }

    [Fact]
    public async Task A_continuation_that_is_not_one_of_ours_and_an_id_that_is_not_a_lead_id_are_refused()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);
        var reader = new MarketoPersonActivities(marketo.Client(), momentActivityTypeId: null);

        Assert.NotNull(reader.CheckPersonId("person-1"));
        Assert.NotNull(reader.CheckPersonId("0"));
        Assert.Null(reader.CheckPersonId("42"));
        await Assert.ThrowsAsync<FormatException>(() => reader.ReadAsync("1", Since, 5, "bm90IGpzb24=", CancellationToken.None));
        await Assert.ThrowsAsync<FormatException>(() => reader.ReadAsync("1", Since, 5, "%%%", CancellationToken.None));
    }

    [Fact]
    public async Task The_client_never_asks_for_more_than_10_activity_types_or_30_leads_and_the_fake_refuses_such_a_call_as_Marketo_does()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 1);
        MarketoClient client = marketo.Client();
        string token = await client.GetPagingTokenAsync(Since, CancellationToken.None);

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetLeadActivitiesAsync(token, Enumerable.Range(1, 11).ToList(), [1], CancellationToken.None));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.GetLeadActivitiesAsync(token, [10], Enumerable.Range(1, 31).Select(i => (long)i).ToList(), CancellationToken.None));

        using var http = new HttpClient { BaseAddress = marketo.Server.BaseUrl };
        JsonNode auth = (await http.GetFromJsonAsync<JsonNode>($"identity/oauth/token?grant_type=client_credentials&client_id={FakeMarketoServer.ClientId}&client_secret={FakeMarketoServer.ClientSecret}"))!;
        http.DefaultRequestHeaders.Authorization = new("Bearer", auth["access_token"]!.GetValue<string>());
        JsonNode tooManyTypes = (await http.GetFromJsonAsync<JsonNode>($"rest/v1/activities.json?nextPageToken={Uri.EscapeDataString(token)}&activityTypeIds={string.Join(',', Enumerable.Range(1, 11))}"))!;
        JsonNode tooManyLeads = (await http.GetFromJsonAsync<JsonNode>($"rest/v1/activities.json?nextPageToken={Uri.EscapeDataString(token)}&activityTypeIds=10&leadIds={string.Join(',', Enumerable.Range(1, 31))}"))!;
        JsonNode tooBig = (await http.GetFromJsonAsync<JsonNode>($"rest/v1/activities.json?nextPageToken={Uri.EscapeDataString(token)}&activityTypeIds=10&batchSize=301"))!;

        Assert.All(new[] { tooManyTypes, tooManyLeads, tooBig }, answer => Assert.Equal("1003", answer["errors"]![0]!["code"]!.GetValue<string>()));
        Assert.Equal(3, marketo.Server.Violations.Count);
    }
}
