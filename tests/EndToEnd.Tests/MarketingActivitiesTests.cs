using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// The Smart Grid read (<c>GET sales/people/{marketoId}/marketing-activities</c>) on the local host: from the local
/// stores without a Marketo connection, from the fake Marketo's activity log with one.
/// </summary>
public sealed class MarketingActivitiesTests
{
    private readonly TestData _data = new();

    private static Uri Grid(string marketoId, string query = "") => new($"sales/people/{marketoId}/marketing-activities{query}", UriKind.Relative);

    /// <summary>
    /// A sales-owned person in the marketing store and its sales copy: an initial sync of a test running beside this one
    /// keeps the copy (its closing sweep removes copies the marketing store no longer owns).
    /// </summary>
    private async Task SeedSalesPersonAsync(string accountId, string marketoId)
    {
        await _data.Storage.EnsureCreatedAsync();
        var person = new TableEntity(accountId, marketoId) { [PersonFields.ContactOwner] = "seller@example.com", [PersonFields.Email] = marketoId + "@example.com" };
        await new PeopleStore(_data.Storage).UpsertAsync([person]);
        await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.From(person)]);
    }

    /// <summary>Every page from <paramref name="first"/> on, by each page's nextUrl.</summary>
    private static async Task<List<JsonObject>> ReadPagesAsync(DevHostProcess host, Uri first, string source)
    {
        var items = new List<JsonObject>();
        for (Uri? page = first; page is not null;)
        {
            JsonNode body = JsonNode.Parse(await host.Http.GetStringAsync(page))!;
            Assert.Equal(source, body["source"]!.GetValue<string>());
            items.AddRange(body["items"]!.AsArray().Select(i => i!.AsObject()));
            page = body["nextUrl"]?.GetValue<string>() is { } next ? new Uri(next) : null;
        }

        return items;
    }

    /// <summary>
    /// A token built by hand to pass the route's check (the check is no secret) around a position no store handed out.
    /// </summary>
    private static string HandBuiltToken(string route, string filter, string position)
    {
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(position);
        byte[] check = System.Security.Cryptography.SHA256.HashData([.. System.Text.Encoding.UTF8.GetBytes(route + "\n" + filter + "\n"), .. bytes])[..9];
        return Uri.EscapeDataString($"{System.Buffers.Text.Base64Url.EncodeToString(bytes)}.{System.Buffers.Text.Base64Url.EncodeToString(check)}");
    }

    [Theory]
    [InlineData("x")]
    [InlineData("99~")]
    public async Task A_hand_built_token_around_a_position_no_store_handed_out_is_a_400_on_the_sales_lists(string position)
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string person = _data.Person(0, 0);
        await SeedSalesPersonAsync(_data.Account(0), person);

        foreach (Uri page in new[]
        {
            new Uri("sales/people?continuationToken=" + HandBuiltToken("sales/people", "", position), UriKind.Relative),
            Grid(person, "?continuationToken=" + HandBuiltToken($"sales/people/{person}/marketing-activities", "since=", position)),
        })
        {
            using HttpResponseMessage response = await host.Http.GetAsync(page);

            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{page}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("continuationToken", JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Without_Marketo_the_grid_shows_the_sales_email_opens_clicks_and_moments_from_the_local_stores_oldest_first()
    {
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string account = _data.Account(0), person = _data.Person(0, 0), neighbour = _data.Person(0, 1);
        await SeedSalesPersonAsync(account, person);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string At(int hoursAgo) => now.AddHours(-hoursAgo).ToString("o", CultureInfo.InvariantCulture);
        foreach ((string id, string type, int hoursAgo) in new[] { ("open", "openSalesEmail", 5), ("send", "sendSalesEmail", 4), ("click", "clickSalesEmail", 3), ("old", "openSalesEmail", 24 * 10) })
        {
            using HttpResponseMessage recorded = await host.Http.PostAsJsonAsync(new Uri($"sales/people/{person}/activities", UriKind.Relative), new { id = $"{_data.Prefix}-{id}", type, subject = "Pricing", occurredAt = At(hoursAgo) });
            Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        }

        var moments = new InterestingMomentStore(_data.Storage);
        await moments.RecordAsync([(account, person)], "run-1", "moment-node", "web", "Visited pricing", now.AddHours(-4));
        await moments.RecordAsync([(account, neighbour), (account, InterestingMoments.AccountTarget)], "run-1", "moment-node", "web", "Not this person's", now.AddHours(-4));
        string since = Uri.EscapeDataString(now.AddDays(-2).ToString("o", CultureInfo.InvariantCulture));

        // The marketing logger writes the opens and clicks from its queue: wait until both are there.
        List<JsonObject> items = await Eventually.ReadAsync(
            () => ReadPagesAsync(host, Grid(person, $"?since={since}&pageSize=2"), "local"), found => found.Count == 3);

        Assert.Equal(["openEmail", "interestingMoment", "clickEmail"], items.Select(i => i["type"]!.GetValue<string>()));
        Assert.Equal("Visited pricing", items[1]["primaryAttributeValue"]!.GetValue<string>());
        Assert.Equal("web", items[1]["attributes"]!["type"]!.GetValue<string>());
        // Default window: the last 30 days, so the 10-day-old open too. Its log write comes from the queue as well, and
        // the wait above covers only the recent two.
        Assert.Equal(4, (await Eventually.ReadAsync(() => ReadPagesAsync(host, Grid(person), "local"), found => found.Count == 4)).Count);
        // An offset is written with its colon, as the extended form has it: the same moment without one is refused.
        string twoDaysAgo = now.AddDays(-2).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        using HttpResponseMessage extended = await host.Http.GetAsync(Grid(person, $"?since={twoDaysAgo}{Uri.EscapeDataString("+09:00")}"));
        using HttpResponseMessage basic = await host.Http.GetAsync(Grid(person, $"?since={twoDaysAgo}{Uri.EscapeDataString("+0900")}"));
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.BadRequest), (extended.StatusCode, basic.StatusCode));
        // T and Z in either case, as in a journey's dates.
        using HttpResponseMessage lowerCase = await host.Http.GetAsync(Grid(person, $"?since={now.AddDays(-2).ToString("yyyy-MM-dd't'HH:mm:ss'z'", CultureInfo.InvariantCulture)}"));
        Assert.Equal(HttpStatusCode.OK, lowerCase.StatusCode);
    }

    [Fact]
    public async Task With_a_Marketo_connection_the_grid_pages_the_leads_activity_log_within_Marketos_limits()
    {
        await using FakeMarketoServer marketo = await FakeMarketoServer.StartAsync();
        long lead = Random.Shared.NextInt64(1_000_000, 1_000_000_000);
        string marketoId = lead.ToString(CultureInfo.InvariantCulture);
        marketo.AddLeads([new JsonObject { ["id"] = lead }]);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        var expected = new List<string>();
        for (int i = 0; i < 30; i++)
        {
            DateTimeOffset at = now.AddHours(-60 + i);
            expected.Add(marketo.AddLeadActivity(lead, i % 3 == 0 ? 10 : i % 3 == 1 ? 1 : 46, at, "Item " + i).ToString(CultureInfo.InvariantCulture));
            marketo.AddLeadActivity(lead, 13, at, "A field change: not in the grid");
        }

        await SeedSalesPersonAsync(_data.Account(0), marketoId);
        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string>
        {
            ["MarketoConnection"] = "Marketo Production",
            ["MarketoBaseUrl"] = marketo.BaseUrl.ToString(),
            ["MarketoClientId"] = FakeMarketoServer.ClientId,
            ["MarketoClientSecret"] = FakeMarketoServer.ClientSecret,
        });
        string since = Uri.EscapeDataString(now.AddDays(-3).ToString("o", CultureInfo.InvariantCulture));

        List<JsonObject> items = await ReadPagesAsync(host, Grid(marketoId, $"?since={since}&pageSize=8"), "marketo");
        using HttpResponseMessage notALead = await host.Http.GetAsync(Grid(_data.Person(0, 0)));
        marketo.InjectErrors(607);
        using HttpResponseMessage quotaSpent = await host.Http.GetAsync(Grid(marketoId));

        Assert.Equal(expected, items.Select(i => i["id"]!.GetValue<string>()));
        Assert.Equal(["openEmail", "visitWebpage", "interestingMoment"], items.Take(3).Select(i => i["type"]!.GetValue<string>()));
        Assert.Equal(HttpStatusCode.BadRequest, notALead.StatusCode);
        Assert.Equal("marketoId", JsonNode.Parse(await notALead.Content.ReadAsStringAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, quotaSpent.StatusCode);
        Assert.Equal("marketoDailyQuota", JsonNode.Parse(await quotaSpent.Content.ReadAsStringAsync())!["reason"]!.GetValue<string>());
        Assert.Empty(marketo.Violations);
    }
}
