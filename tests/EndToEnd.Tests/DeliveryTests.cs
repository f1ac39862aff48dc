using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// Journey emails delivered for real: the local host as a process sends through SMTP to the smtp4dev the test command
/// starts, and the run's deliveries are visible through the API.
/// </summary>
public sealed class DeliveryTests
{
    [Fact]
    public async Task Journey_emails_reach_smtp4dev_once_per_person_and_unsubscribed_people_get_none()
    {
        var data = new TestData();
        await data.SeedAsync(accounts: 3, people: 4);
        for (int a = 0; a < 3; a++)
        {
            await Unsubscribe(data, a, 0);
        }

        await using DevHostProcess host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        string runId = await RunEmailJourneyAsync(host, data, accounts: 3);

        List<(string Id, string To, string Subject)> ours = await Eventually.ReadAsync(() => OursAsync(data), m => m.Count >= 9);
        await Task.Delay(TimeSpan.FromSeconds(2));
        ours = await OursAsync(data);
        Assert.Equal(9, ours.Count);
        Assert.Equal(9, ours.Select(m => m.To).Distinct().Count());
        Assert.DoesNotContain(ours, m => m.To.EndsWith("-0@example.com", StringComparison.Ordinal));
        Assert.Contains(ours, m => m.To == $"{data.Person(1, 2)}@example.com" && m.Subject == "Hello First2");

        JsonNode deliveries = await Eventually.ReadAsync(
            async () => (await host.Http.GetFromJsonAsync<JsonNode>(new Uri($"runs/{runId}/deliveries?node=mail", UriKind.Relative)))!,
            d => d["items"]!.AsArray().Count(i => i!["status"]!.GetValue<string>() == "Sent") == 9);
        JsonArray items = deliveries["items"]!.AsArray();
        Assert.Equal(9, items.Count);
        Assert.All(items, i =>
        {
            Assert.Equal("Sent", i!["status"]!.GetValue<string>());
            Assert.Equal("Email", i["kind"]!.GetValue<string>());
            Assert.False(string.IsNullOrEmpty(i["providerMessageId"]?.GetValue<string>()));
        });

        using HttpResponseMessage typo = await host.Http.GetAsync(new Uri($"runs/{runId}/deliveries?node=mial", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, typo.StatusCode);
        Assert.Equal("node", JsonNode.Parse(await typo.Content.ReadAsStringAsync())!["errors"]![0]!["field"]!.GetValue<string>());
    }

    [Fact]
    public async Task Every_email_arrives_after_a_SIGKILL_of_the_host_mid_delivery_and_a_repeat_carries_the_same_Message_ID()
    {
        const int Accounts = 40, People = 10, Total = Accounts * People;
        var data = new TestData();
        await data.SeedAsync(Accounts, People);
        string hub = DevHostProcess.NewTaskHub();
        var settings = new Dictionary<string, string> { ["DevHost__DurableMessageVisibility"] = "00:00:10" };
        string runId;
        int atKill;
        await using (DevHostProcess first = await DevHostProcess.StartAsync(hub, settings))
        {
            runId = await RunEmailJourneyAsync(first, data, Accounts, waitForCompletion: false);
            atKill = (await Eventually.ReadAsync(() => OursAsync(data), m => m.Count >= 20, seconds: 120)).Count;
            first.Kill();
        }

        Assert.True(atKill is > 0 and < Total, $"the host was to be killed mid-delivery, but {atKill} of {Total} emails had arrived");
        await using DevHostProcess second = await DevHostProcess.StartAsync(hub, settings);
        await Eventually.ReadAsync(() => OursAsync(data), m => m.Select(x => x.To).Distinct().Count() == Total, seconds: 240);
        await Task.Delay(TimeSpan.FromSeconds(3));
        List<(string Id, string To, string Subject)> ours = await OursAsync(data);

        Assert.Equal(Total, ours.Select(m => m.To).Distinct().Count());
        // Only a message accepted by smtp4dev in the instant before the kill, whose outcome was not yet written, is sent
        // again: at most the 4 sends each dispatch batch has in flight (the local host handles 16 queue messages at once).
        var repeated = ours.GroupBy(m => m.To).Where(g => g.Count() > 1).ToList();
        Assert.True(repeated.Count <= 16 * 4, $"{repeated.Count} people got an email twice");
        foreach (IGrouping<string, (string Id, string To, string Subject)> copies in repeated)
        {
            string?[] ids = await Task.WhenAll(copies.Select(c => Smtp4dev.HeaderAsync(c.Id, "Message-ID")));
            Assert.Single(ids.Distinct());
        }

        JsonNode status = await JourneyApi.PollAsync(second.Http, new Uri(second.BaseUrl, $"runs/{runId}"));
        Assert.Equal("Completed", status["status"]!.GetValue<string>());
        JsonNode deliveries = await Eventually.ReadAsync(
            async () => (await second.Http.GetFromJsonAsync<JsonNode>(new Uri($"runs/{runId}/deliveries?node=mail", UriKind.Relative)))!,
            d => d["items"]!.AsArray().Count(i => i!["status"]!.GetValue<string>() == "Sent") == Total);
        Assert.Equal(Total, deliveries["items"]!.AsArray().Count(i => i!["status"]!.GetValue<string>() == "Sent"));
    }

    private static async Task<string> RunEmailJourneyAsync(DevHostProcess host, TestData data, int accounts, bool waitForCompletion = true)
    {
        JsonObject journey = JourneyApi.Parse($$$"""
            {
              "name": "delivery",
              "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": [{{{string.Join(",", Enumerable.Range(0, accounts).Select(a => $"\"{data.Account(a)}\""))}}}] } },
                { "id": "mail", "type": "action", "action": "sendEmail", "settings": { "subject": "Hello {{lead.FirstName}}", "body": "Welcome, {{lead.FirstName:default=there}}." } },
                { "id": "end", "type": "end" }
              ],
              "edges": [ { "from": "start", "to": "mail" }, { "from": "mail", "to": "end" } ]
            }
            """);
        string journeyId = await JourneyApi.CreateAndPublishAsync(host.Http, journey);
        (string runId, Uri statusUrl) = await JourneyApi.StartRunAsync(host.Http, journeyId);
        if (waitForCompletion)
        {
            JsonNode status = await JourneyApi.PollAsync(host.Http, statusUrl);
            Assert.True(status["status"]!.GetValue<string>() == "Completed", status.ToJsonString() + host.Output);
        }

        return runId;
    }

    private static async Task<List<(string Id, string To, string Subject)>> OursAsync(TestData data) =>
        [.. (await Smtp4dev.MessagesAsync()).Where(m => m.To.StartsWith(data.Prefix, StringComparison.Ordinal))];

    private static async Task Unsubscribe(TestData data, int account, int person) =>
        await data.Storage.Table(PeopleStore.TableOf(data.Account(account))).UpsertEntityAsync(
            new TableEntity(data.Account(account), data.Person(account, person)) { [PersonFields.Unsubscribed] = true }, TableUpdateMode.Merge);
}
