using System.Globalization;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Salesforce.Tests;

/// <summary>The change reader of the inbound poll against the fake org: SOQL windows, paging, an expired session.</summary>
public sealed class SalesforceChangeReaderTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset Start = new(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);

    private readonly HttpClient _http = new();
    private FakeSalesforce _salesforce = null!;
    private SalesforceOptions _options = null!;
    private SalesforceSession _session = null!;

    public async Task InitializeAsync()
    {
        _salesforce = await FakeSalesforce.StartAsync();
        _options = new SalesforceOptions(_salesforce.BaseUrl, FakeSalesforce.ClientId, FakeSalesforce.ClientSecret, FakeSalesforce.ApiVersion) { RetryDelay = TimeSpan.Zero };
        _session = new SalesforceSession(_http, _options);
    }

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync() => await _salesforce.DisposeAsync();

    private SalesforceChangeReader Reader() => new(_session, _options);

    private static string ContactId(int n) => string.Create(CultureInfo.InvariantCulture, $"003{n:D12}AAA");

    private static async Task<List<SalesforceChangePage<SalesforceOptOut>>> AllPagesAsync(SalesforceChangePage<SalesforceOptOut> page)
    {
        var pages = new List<SalesforceChangePage<SalesforceOptOut>> { page };
        while (!page.Done)
        {
            page = await page.NextAsync(CancellationToken.None);
            pages.Add(page);
        }

        return pages;
    }

    [Fact]
    public async Task Changed_contacts_of_a_window_come_in_modstamp_order_in_pages_of_the_asked_size_with_their_opt_out_either_way()
    {
        for (int i = 0; i < 450; i++)
        {
            // Ids against the time order, so the order can only come from SystemModstamp.
            _salesforce.Edit(ContactId(1000 - i), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(i));
        }

        // An opt-out cleared in the window is read too (a re-subscribe); records outside the window are not.
        _salesforce.Edit(ContactId(5), new JsonObject { ["HasOptedOutOfEmail"] = false }, Start.AddSeconds(3));
        _salesforce.Edit(ContactId(6), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(-1));
        _salesforce.Edit(ContactId(7), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(500));

        List<SalesforceChangePage<SalesforceOptOut>> pages = await AllPagesAsync(
            await Reader().OptOutsAsync("Contact", Start, Start.AddSeconds(450), 200, CancellationToken.None));

        List<SalesforceOptOut> expected = [.. Enumerable.Range(0, 450).Select(i => new SalesforceOptOut(ContactId(1000 - i), Start.AddSeconds(i), true))];
        expected.Insert(3, new SalesforceOptOut(ContactId(5), Start.AddSeconds(3), false)); // Same second as ContactId(997), smaller id.
        Assert.Equal([200, 200, 51], pages.Select(p => p.Records.Count));
        Assert.Equal(expected, pages.SelectMany(p => p.Records));
        Assert.Equal([200, 200, 200], _salesforce.QueryCalls.Select(c => c.BatchSize));
        Assert.Contains("SELECT Id, SystemModstamp, HasOptedOutOfEmail FROM Contact WHERE SystemModstamp >= 2026-11-30T09:00:00Z AND SystemModstamp < 2026-11-30T09:07:30Z ORDER BY SystemModstamp, Id", _salesforce.QueryCalls[0].Query, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_org_behind_a_gateway_path_is_read_page_after_page_under_its_instance_urls_path()
    {
        await using FakeSalesforce gateway = await FakeSalesforce.StartAsync("salesforce/org");
        var options = new SalesforceOptions(gateway.BaseUrl, FakeSalesforce.ClientId, FakeSalesforce.ClientSecret, FakeSalesforce.ApiVersion) { RetryDelay = TimeSpan.Zero };
        for (int i = 0; i < 250; i++)
        {
            gateway.Edit(ContactId(i), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(i));
        }

        // The next page's nextRecordsUrl is a path from the instance's root, which Salesforce answers without the gateway's path.
        List<SalesforceChangePage<SalesforceOptOut>> pages = await AllPagesAsync(
            await new SalesforceChangeReader(new SalesforceSession(_http, options), options).OptOutsAsync("Contact", Start, Start.AddSeconds(250), 200, CancellationToken.None));

        Assert.Equal([200, 50], pages.Select(p => p.Records.Count));
    }

    [Fact]
    public async Task The_window_compares_whole_seconds_as_Salesforce_does()
    {
        _salesforce.Edit(ContactId(1), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddMilliseconds(400));
        _salesforce.Edit(ContactId(2), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(10).AddMilliseconds(400));

        SalesforceChangePage<SalesforceOptOut> page = await Reader().OptOutsAsync("Contact", Start.AddMilliseconds(900), Start.AddSeconds(10), 200, CancellationToken.None);

        // The start second is read whole; the end second is left for the next window.
        Assert.Equal([ContactId(1)], page.Records.Select(r => r.Id));
        Assert.True(page.Done);
    }

    [Fact]
    public async Task An_expired_session_is_replaced_by_one_new_login_even_between_pages()
    {
        for (int i = 0; i < 250; i++)
        {
            _salesforce.Edit(ContactId(i), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start.AddSeconds(i));
        }

        SalesforceChangePage<SalesforceOptOut> first = await Reader().OptOutsAsync("Contact", Start, Start.AddHours(1), 200, CancellationToken.None);
        _salesforce.ExpireTokens();
        SalesforceChangePage<SalesforceOptOut> second = await first.NextAsync(CancellationToken.None);

        Assert.Equal((200, 50), (first.Records.Count, second.Records.Count));
        Assert.True(second.Done);
        Assert.Equal(2, _salesforce.TokenRequests);
    }

    [Fact]
    public async Task A_session_refused_again_after_the_new_login_fails_the_read()
    {
        _salesforce.Edit(ContactId(1), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start);
        _salesforce.ExpireEveryToken = true;

        SalesforceException refused = await Assert.ThrowsAsync<SalesforceException>(() => Reader().OptOutsAsync("Contact", Start, Start.AddHours(1), 200, CancellationToken.None));

        Assert.Contains("INVALID_SESSION_ID", refused.Message, StringComparison.Ordinal);
        Assert.Equal(2, _salesforce.TokenRequests);
    }

    [Fact]
    public async Task A_reminder_task_created_by_the_app_and_completed_in_Salesforce_is_read_with_its_state()
    {
        var log = new SalesforceRestActivityLog(_session, _options);
        IReadOnlyList<SalesforceWriteResult> written = await log.WriteTasksAsync(
            [
                new SalesforceTask("act-reminder", ContactId(1), null, "Reminder: call back", SalesforceTask.NotStarted, new DateOnly(2026, 12, 3), "Task"),
                new SalesforceTask("act-email", ContactId(1), null, "Sales email", SalesforceTask.Completed, new DateOnly(2026, 11, 30), "Email"),
            ],
            CancellationToken.None);
        string taskId = written[0].SalesforceId!;
        _salesforce.Edit(taskId, new JsonObject { ["Status"] = "Completed", ["IsClosed"] = true, ["CompletedDateTime"] = FakeSalesforce.Format(Start.AddMinutes(5)), ["ActivityDate"] = "2026-12-04" }, Start.AddMinutes(5));

        SalesforceChangePage<SalesforceTaskChange> page = await Reader().TaskChangesAsync(Start, Start.AddHours(1), 200, CancellationToken.None);

        SalesforceTaskChange task = Assert.Single(page.Records);
        Assert.Equal(
            new SalesforceTaskChange(taskId, Start.AddMinutes(5), "act-reminder", ContactId(1), "Completed", new DateOnly(2026, 12, 4), true, Start.AddMinutes(5)),
            task);
        Assert.Equal(1, _salesforce.TokenRequests);
    }

    [Fact]
    public async Task A_record_with_a_field_of_another_type_is_named_as_unreadable_and_the_rest_is_read()
    {
        _salesforce.Edit(ContactId(1), new JsonObject { ["HasOptedOutOfEmail"] = true }, Start);
        _salesforce.Edit(ContactId(2), new JsonObject { ["HasOptedOutOfEmail"] = "true" }, Start.AddSeconds(1));
        _salesforce.Edit(ContactId(3), new JsonObject { ["HasOptedOutOfEmail"] = false }, Start.AddSeconds(2));

        SalesforceChangePage<SalesforceOptOut> page = await Reader().OptOutsAsync("Contact", Start, Start.AddHours(1), 200, CancellationToken.None);

        Assert.Equal([ContactId(1), ContactId(3)], page.Records.Select(r => r.Id));
        Assert.Equal([$"Contact \"{ContactId(2)}\": A Salesforce query record's HasOptedOutOfEmail is not true or false."], page.Unreadable);
    }
}
