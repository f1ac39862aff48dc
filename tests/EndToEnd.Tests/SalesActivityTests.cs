using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// Sales activities on the local host: recorded over HTTP, carried by the storage-queue transport to the marketing
/// and Salesforce loggers (local table adapters), delivered twice, and the marketing unsubscribe check.
/// </summary>
public sealed class SalesActivityTests
{
    /// <summary>The types logged to Salesforce in these tests: not the default set, so the setting is what decides.</summary>
    private static readonly string[] EnabledForSalesforce = ["sendSalesEmail", "replySalesEmail", "receiveSalesCall", "reminderTask"];

    private static readonly string[] AllRecordable =
    [
        "sendSalesEmail", "openSalesEmail", "clickSalesEmail", "replySalesEmail", "bounceSalesEmail",
        "receiveSalesCall", "addToSalesCampaign", "removeFromSalesCampaign", "reminderTask",
    ];

    private readonly TestData _data = new();

    private string ContactId(int person) => "003" + _data.Prefix + person;

    private static Uri Activities(string marketoId) => new($"sales/people/{marketoId}/activities", UriKind.Relative);

    /// <summary>A marketing person and its sales copy, with Salesforce contact and opportunity ids.</summary>
    private async Task<string> SeedPersonAsync(int index, bool unsubscribedInMarketing = false)
    {
        await _data.Storage.EnsureCreatedAsync();
        var person = new TableEntity(_data.Account(0), _data.Person(0, index))
        {
            [PersonFields.Email] = $"{_data.Person(0, index)}@example.com",
            [PersonFields.ContactOwner] = "seller@example.com",
            [PersonFields.SalesforceContactId] = ContactId(index),
            [PersonFields.SalesforceOpportunityId] = "006" + _data.Prefix,
            [PersonFields.Unsubscribed] = unsubscribedInMarketing,
        };
        await new PeopleStore(_data.Storage).UpsertAsync([person]);
        await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.From(person)]);
        return person.RowKey;
    }

    /// <summary>A sales copy whose marketing person is in no marketing store: the unsubscribe check cannot know its status.</summary>
    private async Task<string> SeedSalesOnlyPersonAsync(int index)
    {
        var person = new TableEntity(_data.Account(0), _data.Person(0, index)) { [PersonFields.ContactOwner] = "seller@example.com" };
        await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.From(person)]);
        return person.RowKey;
    }

    private static Task<DevHostProcess> StartHostAsync(bool checkUnsubscribe = false, FakeSalesforce? salesforce = null, bool allowUnknownUnsubscribe = false)
    {
        var settings = new Dictionary<string, string>
        {
            ["SalesforceTaskTypes"] = string.Join(',', EnabledForSalesforce),
            ["CheckMarketingUnsubscribe"] = checkUnsubscribe ? "true" : "false",
            ["AllowUnknownUnsubscribe"] = allowUnknownUnsubscribe ? "true" : "false",
        };
        if (salesforce is not null)
        {
            settings["SalesforceLoginUrl"] = salesforce.BaseUrl.ToString();
            settings["SalesforceClientId"] = FakeSalesforce.ClientId;
            settings["SalesforceClientSecret"] = FakeSalesforce.ClientSecret;
            settings["SalesforceApiVersion"] = FakeSalesforce.ApiVersion;
        }

        return DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), settings);
    }

    private static async Task<HttpResponseMessage> RecordAsync(DevHostProcess host, Uri activities, string id, string type) =>
        await host.Http.PostAsJsonAsync(activities, new { id, type, subject = $"About {type}", occurredAt = "2026-11-20T10:00:00Z" });

    /// <summary>Follows a person's activity list page by page (by each page's nextUrl): how many activities it holds.</summary>
    private static async Task<int> CountPagesAsync(DevHostProcess host, Uri first)
    {
        int count = 0;
        for (Uri? page = first; page is not null;)
        {
            JsonNode body = JsonNode.Parse(await host.Http.GetStringAsync(page))!;
            count += body["activities"]!.AsArray().Count;
            page = body["nextUrl"]?.GetValue<string>() is { } next ? new Uri(next) : null;
        }

        return count;
    }

    /// <summary>Waits until both subscription queues hold no message, visible or in flight: everything was handled.</summary>
    private async Task WaitForDeliveriesAsync(DevHostProcess host)
    {
        QueueClient[] queues = [.. SalesActivityTopic.Subscriptions.Select(s => _data.Storage.Queue(SalesActivityTopic.QueueOf(s)))];
        DateTime deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            int[] counts = await Task.WhenAll(queues.Select(async q => (await q.GetPropertiesAsync()).Value.ApproximateMessagesCount));
            if (counts.All(c => c == 0))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "Sales activity queues did not drain: " + host.Output);
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task Every_type_reaches_marketing_only_enabled_types_reach_Salesforce_and_a_second_delivery_changes_nothing()
    {
        await using DevHostProcess host = await StartHostAsync();
        string marketoId = await SeedPersonAsync(0);

        foreach (string type in AllRecordable)
        {
            using HttpResponseMessage created = await RecordAsync(host, Activities(marketoId), $"{_data.Prefix}-{type}", type);
            Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        }

        await WaitForDeliveriesAsync(host);
        var marketing = new TableMarketingActivityLog(_data.Storage);
        var salesforce = new TableSalesforceActivityLog(_data.Storage);
        List<MarketingActivity> logged = await marketing.ListAsync(marketoId);
        List<SalesforceTask> tasks = await salesforce.ListTasksAsync(ContactId(0));

        Assert.Equal(MarketingActivityTypes.All.Select(t => t.ApiName).Order(), logged.Select(a => a.ActivityTypeApiName).Order());
        Assert.Equal(EnabledForSalesforce.Select(t => $"{_data.Prefix}-{t}").Order(), tasks.Select(t => t.ActivityId).Order());
        Assert.All(tasks, t => Assert.Equal("006" + _data.Prefix, t.WhatId));
        Assert.Equal(["Call", "Email", "Email", "Task"], tasks.Select(t => t.TaskSubtype).Order());

        // Deliver everything again: each POST repeated (200, published again) and each message put on both queues once more.
        JsonNode list = JsonNode.Parse(await host.Http.GetStringAsync(Activities(marketoId)))!;
        Assert.Null(list["nextUrl"]);
        Assert.Equal(AllRecordable.Length, await CountPagesAsync(host, new Uri($"{Activities(marketoId)}?pageSize=4", UriKind.Relative)));
        foreach (string type in AllRecordable)
        {
            using HttpResponseMessage repeated = await RecordAsync(host, Activities(marketoId), $"{_data.Prefix}-{type}", type);
            Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        }

        foreach (JsonNode? activity in list["activities"]!.AsArray())
        {
            foreach (string subscription in SalesActivityTopic.Subscriptions)
            {
                await _data.Storage.Queue(SalesActivityTopic.QueueOf(subscription)).SendMessageAsync(activity!.ToJsonString());
            }
        }

        await WaitForDeliveriesAsync(host);
        Assert.Equal(logged, await marketing.ListAsync(marketoId), new MarketingActivityComparer());
        Assert.Equal(tasks, await salesforce.ListTasksAsync(ContactId(0)));
        Assert.Equal(AllRecordable.Length, JsonNode.Parse(await host.Http.GetStringAsync(Activities(marketoId)))!["activities"]!.AsArray().Count);
        Assert.DoesNotContain("-poison", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Several_activities_in_one_request_are_recorded_and_published_together()
    {
        await using DevHostProcess host = await StartHostAsync(checkUnsubscribe: true);
        string marketoId = await SeedPersonAsync(0);
        object[] batch =
        [
            new { id = $"{_data.Prefix}-b0", type = "sendSalesEmail", subject = "Pricing", occurredAt = "2026-12-01T10:00:00+09:00" },
            new { id = $"{_data.Prefix}-b1", type = "openSalesEmail", subject = "Pricing" },
            new { id = $"{_data.Prefix}-b2", type = "reminderTask", subject = "Call back" },
        ];

        using HttpResponseMessage created = await host.Http.PostAsJsonAsync(Activities(marketoId), batch);
        using HttpResponseMessage repeated = await host.Http.PostAsJsonAsync(Activities(marketoId), batch);

        Assert.True(created.StatusCode == HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        JsonArray recorded = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["activities"]!.AsArray();
        Assert.Equal(3, recorded.Count);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        // The answer that records an activity shows it as it is stored and read back: its time in UTC.
        Assert.Equal("2026-12-01T01:00:00+00:00", recorded[0]!["occurredAt"]!.GetValue<string>());
        Assert.Equal(recorded.ToJsonString(), JsonNode.Parse(await repeated.Content.ReadAsStringAsync())!["activities"]!.ToJsonString());
        await WaitForDeliveriesAsync(host);
        Assert.Equal(["openSalesEmail", "sendSalesEmail"], (await new TableMarketingActivityLog(_data.Storage).ListAsync(marketoId)).Select(a => a.ActivityTypeApiName).Order());
        Assert.Equal(["Email", "Task"], (await new TableSalesforceActivityLog(_data.Storage).ListTasksAsync(ContactId(0))).Select(t => t.TaskSubtype).Order());
    }

    [Fact]
    public async Task With_a_Salesforce_org_configured_tasks_and_opt_outs_go_over_REST_once_each()
    {
        await using FakeSalesforce org = await FakeSalesforce.StartAsync();
        await using DevHostProcess host = await StartHostAsync(salesforce: org);
        string marketoId = await SeedPersonAsync(0);

        foreach (string type in new[] { "sendSalesEmail", "openSalesEmail", "receiveSalesCall" })
        {
            using HttpResponseMessage created = await RecordAsync(host, Activities(marketoId), $"{_data.Prefix}-{type}", type);
            using HttpResponseMessage repeated = await RecordAsync(host, Activities(marketoId), $"{_data.Prefix}-{type}", type);
        }

        using HttpResponseMessage unsubscribed = await host.Http.PostAsync(new Uri($"sales/people/{marketoId}/unsubscribe", UriKind.Relative), null);
        await WaitForDeliveriesAsync(host);

        // The queues are shared by every host of this test run: count only this test's activities.
        List<JsonObject> tasks = org.Records("Task").Where(t => t[FakeSalesforce.ExternalIdField]!.GetValue<string>().StartsWith(_data.Prefix, StringComparison.Ordinal)).ToList();
        Assert.Equal([$"{_data.Prefix}-receiveSalesCall", $"{_data.Prefix}-sendSalesEmail"], tasks.Select(t => t[FakeSalesforce.ExternalIdField]!.GetValue<string>()).Order());
        Assert.All(tasks, t => Assert.Equal((ContactId(0), "006" + _data.Prefix, "Completed", "2026-11-20"),
            (t["WhoId"]!.GetValue<string>(), t["WhatId"]!.GetValue<string>(), t["Status"]!.GetValue<string>(), t["ActivityDate"]!.GetValue<string>())));
        Assert.True(org.Record(ContactId(0))!["HasOptedOutOfEmail"]!.GetValue<bool>());
        // Not the local stand-in, whose ids are "{WhoId}:{activity}". Asked of this host's own log: a repeat republishes
        // its activity, and another test's host (no org) may take that copy and log it locally, as it should.
        Assert.DoesNotContain($"written to Salesforce as {ContactId(0)}:", host.Output, StringComparison.Ordinal);
        Assert.Contains($"Sales activity {_data.Prefix}-sendSalesEmail ({nameof(SalesActivityType.SendSalesEmail)}) written to Salesforce as ", host.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_unsubscribe_check_blocks_a_person_unsubscribed_in_marketing_and_lets_a_subscribed_one_through()
    {
        await using DevHostProcess host = await StartHostAsync(checkUnsubscribe: true);
        string unsubscribed = await SeedPersonAsync(0, unsubscribedInMarketing: true);
        string subscribed = await SeedPersonAsync(1);

        using HttpResponseMessage blocked = await RecordAsync(host, Activities(unsubscribed), $"{_data.Prefix}-blocked", "sendSalesEmail");
        using HttpResponseMessage sent = await RecordAsync(host, Activities(subscribed), $"{_data.Prefix}-sent", "sendSalesEmail");

        Assert.Equal(HttpStatusCode.Conflict, blocked.StatusCode);
        JsonNode refusal = JsonNode.Parse(await blocked.Content.ReadAsStringAsync())!;
        Assert.Equal("unsubscribedInMarketing", refusal["reason"]!.GetValue<string>());
        Assert.Equal("id", refusal["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);

        // In an array, the refusal names the email it refused; nothing of the request is stored.
        using HttpResponseMessage blockedMany = await host.Http.PostAsync(Activities(unsubscribed), new StringContent(
            $$"""[{ "id": "{{_data.Prefix}}-call", "type": "receiveSalesCall" }, { "id": "{{_data.Prefix}}-mail", "type": "sendSalesEmail" }]""",
            System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Conflict, blockedMany.StatusCode);
        Assert.Equal("[1].id", JsonNode.Parse(await blockedMany.Content.ReadAsStringAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        await WaitForDeliveriesAsync(host);
        var marketing = new TableMarketingActivityLog(_data.Storage);
        var salesforce = new TableSalesforceActivityLog(_data.Storage);
        Assert.Empty(JsonNode.Parse(await host.Http.GetStringAsync(Activities(unsubscribed)))!["activities"]!.AsArray());
        Assert.Empty(await marketing.ListAsync(unsubscribed));
        Assert.Empty(await salesforce.ListTasksAsync(ContactId(0)));
        Assert.Single(await marketing.ListAsync(subscribed));
        Assert.Single(await salesforce.ListTasksAsync(ContactId(1)));

        // A client's retry of the recorded email is answered with it, though the person has unsubscribed since: the
        // check holds for new emails only.
        await SeedPersonAsync(1, unsubscribedInMarketing: true);
        using HttpResponseMessage retried = await RecordAsync(host, Activities(subscribed), $"{_data.Prefix}-sent", "sendSalesEmail");
        using HttpResponseMessage another = await RecordAsync(host, Activities(subscribed), $"{_data.Prefix}-another", "sendSalesEmail");
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Conflict), (retried.StatusCode, another.StatusCode));
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Conflict)]
    [InlineData(true, HttpStatusCode.Created)]
    public async Task The_unsubscribe_check_fails_closed_for_a_person_marketing_does_not_know_unless_allowed(bool allowUnknown, HttpStatusCode expected)
    {
        await using DevHostProcess host = await StartHostAsync(checkUnsubscribe: true, allowUnknownUnsubscribe: allowUnknown);
        string unknown = await SeedSalesOnlyPersonAsync(2);

        using HttpResponseMessage answer = await RecordAsync(host, Activities(unknown), $"{_data.Prefix}-unknown", "sendSalesEmail");

        Assert.Equal(expected, answer.StatusCode);
        if (!allowUnknown)
        {
            JsonNode problem = JsonNode.Parse(await answer.Content.ReadAsStringAsync())!;
            Assert.Equal("unsubscribeUnknown", problem["reason"]!.GetValue<string>());
            Assert.Contains("not in the marketing people store", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Empty(JsonNode.Parse(await host.Http.GetStringAsync(Activities(unknown)))!["activities"]!.AsArray());
        }
    }

    [Fact]
    public async Task Without_the_check_an_email_to_a_person_unsubscribed_in_marketing_is_recorded()
    {
        await using DevHostProcess host = await StartHostAsync(checkUnsubscribe: false);
        string unsubscribed = await SeedPersonAsync(0, unsubscribedInMarketing: true);

        using HttpResponseMessage sent = await RecordAsync(host, Activities(unsubscribed), $"{_data.Prefix}-sent", "sendSalesEmail");

        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
        await WaitForDeliveriesAsync(host);
        Assert.Single(await new TableMarketingActivityLog(_data.Storage).ListAsync(unsubscribed));
    }

    [Fact]
    public async Task A_sales_unsubscribe_opts_out_in_Salesforce_and_is_not_written_to_marketing_one_from_Salesforce_is_not_sent_back()
    {
        await using DevHostProcess host = await StartHostAsync();
        string bySeller = await SeedPersonAsync(0);
        string bySalesforce = await SeedPersonAsync(1);

        using HttpResponseMessage first = await host.Http.PostAsync(new Uri($"sales/people/{bySeller}/unsubscribe", UriKind.Relative), null);
        using HttpResponseMessage again = await host.Http.PostAsync(new Uri($"sales/people/{bySeller}/unsubscribe", UriKind.Relative), null);
        using HttpResponseMessage fromSalesforce = await host.Http.PostAsJsonAsync(new Uri($"sales/people/{bySalesforce}/unsubscribe", UriKind.Relative), new { origin = "salesforce" });

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.OK, HttpStatusCode.Created), (first.StatusCode, again.StatusCode, fromSalesforce.StatusCode));
        await WaitForDeliveriesAsync(host);
        var salesforce = new TableSalesforceActivityLog(_data.Storage);
        Assert.True(await salesforce.HasOptedOutAsync(ContactId(0)));
        Assert.False(await salesforce.HasOptedOutAsync(ContactId(1)));
        foreach (string person in new[] { bySeller, bySalesforce })
        {
            Assert.Empty(await new TableMarketingActivityLog(_data.Storage).ListAsync(person));
            Assert.True(JsonNode.Parse(await host.Http.GetStringAsync(Activities(person)))!["unsubscribed"]!.GetValue<bool>());
        }

        Assert.False((await _data.PersonAsync(0, 0)).GetBoolean(PersonFields.Unsubscribed));
    }

    [Fact]
    public async Task A_bad_activity_gets_a_400_naming_the_field()
    {
        await using DevHostProcess host = await StartHostAsync();
        string marketoId = await SeedPersonAsync(0);
        (string Body, string Field)[] cases =
        [
            ("""{ "type": "sendSalesEmail" }""", "id"),
            ("""{ "id": "a/1", "type": "sendSalesEmail" }""", "id"),
            ("""{ "id": "a1", "type": "faxSalesLetter" }""", "type"),
            ("""{ "id": "a1", "type": "unsubscribe" }""", "type"),
            ("""{ "id": "a1", "type": "sendSalesEmail", "origin": "fax" }""", "origin"),
            ($$"""{ "id": "a1", "type": "sendSalesEmail", "subject": "{{new string('x', 300)}}" }""", "subject"),
            ("""{ "id": "a1", "type": "sendSalesEmail", "occurredAt": "yesterday" }""", "occurredAt"),
            ("""{ "id": "a1", "type": "sendSalesEmail", "occurredAt": "9999-01-01T00:00:00Z" }""", "occurredAt"),
            ("""{ "id": "a1", "type": "sendSalesEmail", "occurredAt": "0001-01-01T00:00:00Z" }""", "occurredAt"),
            ("""{ "id": "a1", "type": "sendSalesEmail", "detail": "line one\u0000" }""", "detail"),
            ("""[ { "id": "a1", "type": "sendSalesEmail" }, { "id": "a2", "type": "faxSalesLetter" } ]""", "[1].type"),
            ("""[]""", "activities"),
        ];

        foreach ((string body, string field) in cases)
        {
            using HttpResponseMessage response = await host.Http.PostAsync(Activities(marketoId), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(field, JsonNode.Parse(await response.Content.ReadAsStringAsync())!["errors"]![0]!["field"]!.GetValue<string>());
        }

        Assert.Empty(JsonNode.Parse(await host.Http.GetStringAsync(Activities(marketoId)))!["activities"]!.AsArray());
    }

    [Fact]
    public async Task An_activity_id_belongs_to_the_first_person_and_a_request_reusing_it_for_another_stores_nothing()
    {
        await using DevHostProcess host = await StartHostAsync();
        string first = await SeedPersonAsync(0);
        string second = await SeedPersonAsync(1);
        string taken = $"{_data.Prefix}-taken";

        using HttpResponseMessage recorded = await RecordAsync(host, Activities(first), taken, "sendSalesEmail");
        using HttpResponseMessage reused = await host.Http.PostAsJsonAsync(Activities(second), new object[]
        {
            new { id = $"{_data.Prefix}-fresh", type = "receiveSalesCall" },
            new { id = taken, type = "openSalesEmail" },
        });
        using HttpResponseMessage repeated = await RecordAsync(host, Activities(first), taken, "sendSalesEmail");

        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        JsonNode problem = JsonNode.Parse(await reused.Content.ReadAsStringAsync())!;
        Assert.Equal("idUsedByAnotherPerson", problem["reason"]!.GetValue<string>());
        Assert.Equal("[1].id", problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Empty(JsonNode.Parse(await host.Http.GetStringAsync(Activities(second)))!["activities"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode); // the first person's retry is still a repeat
        await WaitForDeliveriesAsync(host);
        Assert.Equal(["sendSalesEmail"], (await new TableMarketingActivityLog(_data.Storage).ListAsync(first)).Select(a => a.ActivityTypeApiName));
        Assert.Empty(await new TableMarketingActivityLog(_data.Storage).ListAsync(second));
    }

    [Fact]
    public async Task A_retry_or_repeated_unsubscribe_after_the_person_left_the_sales_copy_answers_200_and_anything_new_is_404()
    {
        await using DevHostProcess host = await StartHostAsync();
        string person = await SeedPersonAsync(2);
        string subscribed = await SeedPersonAsync(3);
        string id = $"{_data.Prefix}-before-leaving";
        using HttpResponseMessage recorded = await RecordAsync(host, Activities(person), id, "receiveSalesCall");
        using HttpResponseMessage unsubscribed = await host.Http.PostAsync(new Uri($"sales/people/{person}/unsubscribe", UriKind.Relative), null);
        Assert.Equal(2, (await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.Tombstone(person, long.MaxValue - 1), SalesPerson.Tombstone(subscribed, long.MaxValue - 1)])).Written);

        using HttpResponseMessage unsubscribedAgain = await host.Http.PostAsync(new Uri($"sales/people/{person}/unsubscribe", UriKind.Relative), null);
        using HttpResponseMessage unsubscribedAfterLeaving = await host.Http.PostAsync(new Uri($"sales/people/{subscribed}/unsubscribe", UriKind.Relative), null);
        Assert.Equal(HttpStatusCode.Created, unsubscribed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, unsubscribedAgain.StatusCode); // already unsubscribed: a repeat
        Assert.True(JsonNode.Parse(await unsubscribedAgain.Content.ReadAsStringAsync())!["unsubscribed"]!.GetValue<bool>());
        Assert.Equal(HttpStatusCode.NotFound, unsubscribedAfterLeaving.StatusCode); // new: nobody in the sales copy to unsubscribe

        using HttpResponseMessage repeated = await RecordAsync(host, Activities(person), id, "receiveSalesCall");
        using HttpResponseMessage added = await host.Http.PostAsJsonAsync(Activities(person), new object[]
        {
            new { id, type = "receiveSalesCall" },
            new { id = $"{_data.Prefix}-after-leaving", type = "receiveSalesCall" },
        });

        Assert.Equal(HttpStatusCode.Created, recorded.StatusCode);
        Assert.Equal(HttpStatusCode.OK, repeated.StatusCode);
        Assert.Equal(id, JsonNode.Parse(await repeated.Content.ReadAsStringAsync())!["id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);
        await WaitForDeliveriesAsync(host);
        Assert.Equal(["receiveSalesCall"], (await new TableMarketingActivityLog(_data.Storage).ListAsync(person)).Select(a => a.ActivityTypeApiName));
    }

    /// <summary>Marketing activities compared by value, attributes included.</summary>
    private sealed class MarketingActivityComparer : IEqualityComparer<MarketingActivity>
    {
        public bool Equals(MarketingActivity? x, MarketingActivity? y) =>
            x is not null && y is not null && x with { Attributes = y.Attributes } == y && x.Attributes.OrderBy(a => a.Key).SequenceEqual(y.Attributes.OrderBy(a => a.Key));

        public int GetHashCode(MarketingActivity obj) => obj.ActivityId.GetHashCode(StringComparison.Ordinal);
    }
}
