using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Salesforce.Tests;

/// <summary>The Salesforce REST adapter against the fake org.</summary>
public sealed class SalesforceRestActivityLogTests : IAsyncLifetime, IDisposable
{
    private readonly HttpClient _http = new();
    private FakeSalesforce _salesforce = null!;

    public async Task InitializeAsync() => _salesforce = await FakeSalesforce.StartAsync();

    public void Dispose() => _http.Dispose();

    public async Task DisposeAsync() => await _salesforce.DisposeAsync();

    private SalesforceRestActivityLog Log(string secret = FakeSalesforce.ClientSecret) =>
        new(_http, new SalesforceOptions(_salesforce.BaseUrl, FakeSalesforce.ClientId, secret, FakeSalesforce.ApiVersion) { RetryDelay = TimeSpan.Zero });

    private static List<SalesforceTask> Tasks(int count, string prefix = "act") =>
        Enumerable.Range(0, count)
            .Select(i => new SalesforceTask($"{prefix}-{i}", i % 2 == 0 ? "003000000000001" : "00Q000000000002", "006000000000003", $"Sales email {i}", SalesforceTask.Completed, new DateOnly(2026, 11, 25), "Email"))
            .ToList();

    [Fact]
    public async Task Tasks_are_created_with_their_fields_and_results_come_back_in_input_order()
    {
        List<SalesforceTask> tasks = Tasks(3);

        IReadOnlyList<SalesforceWriteResult> results = await Log().WriteTasksAsync(tasks, CancellationToken.None);

        Assert.Equal(tasks.Select(t => t.ActivityId), results.Select(r => r.Key));
        for (int i = 0; i < tasks.Count; i++)
        {
            JsonObject created = _salesforce.Record(results[i].SalesforceId!)!;
            Assert.Equal(tasks[i].ActivityId, created[FakeSalesforce.ExternalIdField]!.GetValue<string>());
            Assert.Equal(tasks[i].WhoId, created["WhoId"]!.GetValue<string>());
            Assert.Equal("006000000000003", created["WhatId"]!.GetValue<string>());
            Assert.Equal(tasks[i].Subject, created["Subject"]!.GetValue<string>());
            Assert.Equal(("Completed", "2026-11-25", "Email"), (created["Status"]!.GetValue<string>(), created["ActivityDate"]!.GetValue<string>(), created["TaskSubtype"]!.GetValue<string>()));
        }
    }

    [Fact]
    public async Task An_org_behind_a_gateway_path_is_written_under_its_instance_urls_path()
    {
        // The token answer's instance_url carries the gateway's path; data calls outside it would be answered 404.
        await using FakeSalesforce gateway = await FakeSalesforce.StartAsync("salesforce/org");
        var log = new SalesforceRestActivityLog(_http, new SalesforceOptions(gateway.BaseUrl, FakeSalesforce.ClientId, FakeSalesforce.ClientSecret, FakeSalesforce.ApiVersion) { RetryDelay = TimeSpan.Zero });

        IReadOnlyList<SalesforceWriteResult> results = await log.WriteTasksAsync(Tasks(2), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(2, gateway.Records("Task").Count);
    }

    [Fact]
    public async Task Many_tasks_go_in_calls_of_at_most_200()
    {
        IReadOnlyList<SalesforceWriteResult> results = await Log().WriteTasksAsync(Tasks(450), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal([200, 200, 50], _salesforce.CollectionCalls.Select(c => c.Records));
        Assert.Equal(450, _salesforce.Records("Task").Count);
    }

    [Fact]
    public async Task The_fake_refuses_a_call_of_more_than_200_records()
    {
        using var token = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials", ["client_id"] = FakeSalesforce.ClientId, ["client_secret"] = FakeSalesforce.ClientSecret,
        });
        JsonObject auth = (await (await _http.PostAsync(new Uri(_salesforce.BaseUrl, "services/oauth2/token"), token)).Content.ReadFromJsonAsync<JsonObject>())!;
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(_salesforce.BaseUrl, $"services/data/v{FakeSalesforce.ApiVersion}/composite/sobjects"))
        {
            Content = JsonContent.Create(new { allOrNone = false, records = Enumerable.Range(0, 201).Select(_ => new { attributes = new { type = "Task" } }) }),
        };
        request.Headers.Authorization = new("Bearer", auth["access_token"]!.GetValue<string>());

        using HttpResponseMessage response = await _http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("EXCEEDED_ID_LIMIT", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Writing_the_same_tasks_again_creates_nothing_and_reports_the_existing_ids()
    {
        SalesforceRestActivityLog log = Log();
        IReadOnlyList<SalesforceWriteResult> first = await log.WriteTasksAsync(Tasks(3), CancellationToken.None);

        IReadOnlyList<SalesforceWriteResult> again = await log.WriteTasksAsync(Tasks(3), CancellationToken.None);

        Assert.All(again, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal(first.Select(r => r.SalesforceId), again.Select(r => r.SalesforceId));
        Assert.Equal(3, _salesforce.Records("Task").Count);
    }

    [Fact]
    public async Task A_record_locked_once_is_retried_alone_and_created_once()
    {
        _salesforce.FailRecord("act-1", "UNABLE_TO_LOCK_ROW");

        IReadOnlyList<SalesforceWriteResult> results = await Log().WriteTasksAsync(Tasks(3), CancellationToken.None);

        Assert.All(results, r => Assert.True(r.Succeeded, r.Error));
        Assert.Equal([3, 1], _salesforce.CollectionCalls.Select(c => c.Records));
        Assert.Equal(3, _salesforce.Records("Task").Count);
    }

    [Fact]
    public async Task A_record_still_locked_after_the_last_attempt_is_reported()
    {
        _salesforce.FailRecord("act-0", "UNABLE_TO_LOCK_ROW", times: 10);

        IReadOnlyList<SalesforceWriteResult> results = await Log().WriteTasksAsync(Tasks(2), CancellationToken.None);

        Assert.Contains("UNABLE_TO_LOCK_ROW", results[0].Error, StringComparison.Ordinal);
        Assert.True(results[1].Succeeded);
        Assert.Equal(3, _salesforce.CollectionCalls.Count);
    }

    [Fact]
    public async Task A_permanent_record_failure_is_reported_without_retry_and_the_others_are_written()
    {
        List<SalesforceTask> tasks = Tasks(3);
        tasks[1] = tasks[1] with { WhoId = "001000000000009" };

        IReadOnlyList<SalesforceWriteResult> results = await Log().WriteTasksAsync(tasks, CancellationToken.None);

        Assert.Equal([true, false, true], results.Select(r => r.Succeeded));
        Assert.Contains("FIELD_INTEGRITY_EXCEPTION", results[1].Error, StringComparison.Ordinal);
        Assert.Single(_salesforce.CollectionCalls);
    }

    [Fact]
    public async Task An_expired_token_is_replaced_and_the_call_repeated()
    {
        SalesforceRestActivityLog log = Log();
        await log.WriteTasksAsync(Tasks(1, "before"), CancellationToken.None);
        _salesforce.ExpireTokens();

        IReadOnlyList<SalesforceWriteResult> results = await log.WriteTasksAsync(Tasks(1, "after"), CancellationToken.None);

        Assert.True(results[0].Succeeded, results[0].Error);
        Assert.Equal(2, _salesforce.TokenRequests);
    }

    [Fact]
    public async Task Wrong_client_credentials_fail_the_call() =>
        await Assert.ThrowsAsync<SalesforceException>(() => Log(secret: "wrong").WriteTasksAsync(Tasks(1), CancellationToken.None));

    [Fact]
    public async Task An_opt_out_updates_leads_and_contacts_and_reports_other_ids()
    {
        IReadOnlyList<SalesforceWriteResult> results = await Log().SetEmailOptOutAsync(["00Q000000000002", "003000000000001", "001000000000009"], CancellationToken.None);

        Assert.Equal([true, true, false], results.Select(r => r.Succeeded));
        Assert.True(_salesforce.Record("00Q000000000002")!["HasOptedOutOfEmail"]!.GetValue<bool>());
        Assert.Equal("Contact", _salesforce.Record("003000000000001")!["attributes"]!["type"]!.GetValue<string>());
        Assert.Equal([("PATCH", 2)], _salesforce.CollectionCalls);
    }
}
