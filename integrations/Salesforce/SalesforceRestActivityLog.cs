using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Salesforce;

/// <summary>
/// Writes sales activities to a Salesforce org with sObject Collections (<c>/services/data/vXX.X/composite/sobjects</c>):
/// at most 200 records per call, <c>allOrNone: false</c>, results read in input order. Tasks are created with
/// <c>POST</c> and carry the activity id in the unique external-id field <see cref="ActivityIdField"/>, so a redelivered
/// task is refused as <c>DUPLICATE_VALUE</c> and counted as already written: write-once without a local mapping.
/// Opt-outs are <c>PATCH</c> updates of <c>HasOptedOutOfEmail</c>, idempotent by nature. Records failing with a
/// transient error (a locked row, an unavailable server) are retried; any other failure is reported in its result.
/// </summary>
public sealed partial class SalesforceRestActivityLog : ISalesforceActivityLog
{
    /// <summary>sObject Collections' limit of records per call.</summary>
    public const int MaxRecordsPerCall = 200;

    /// <summary>The custom Task field (Text, External ID, Unique) holding the sales activity id; the org must have it.</summary>
    public const string ActivityIdField = "Journey_Activity_Id__c";

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal) { "UNABLE_TO_LOCK_ROW", "SERVER_UNAVAILABLE", "REQUEST_RUNNING_TOO_LONG" };

    private readonly SalesforceOptions _options;
    private readonly SalesforceSession _session;

    public SalesforceRestActivityLog(HttpClient http, SalesforceOptions options)
        : this(new SalesforceSession(http ?? throw new ArgumentNullException(nameof(http)), options), options)
    {
    }

    /// <summary>A log writing through a session other callers (the inbound poll) share.</summary>
    public SalesforceRestActivityLog(SalesforceSession session, SalesforceOptions options)
    {
        _session = session ?? throw new ArgumentNullException(nameof(session));
        _options = options ?? throw new ArgumentNullException(nameof(options));
    }

    public Task<IReadOnlyList<SalesforceWriteResult>> WriteTasksAsync(IReadOnlyList<SalesforceTask> tasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tasks);
        return WriteAsync(HttpMethod.Post, tasks.Select(t => (t.ActivityId, (JsonObject?)TaskRecord(t))).ToList(), cancellationToken);
    }

    public Task<IReadOnlyList<SalesforceWriteResult>> SetEmailOptOutAsync(IReadOnlyList<string> whoIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(whoIds);
        return WriteAsync(HttpMethod.Patch, whoIds.Select(id => (id, OptOutRecord(id))).ToList(), cancellationToken);
    }

    private static JsonObject TaskRecord(SalesforceTask task) => new()
    {
        ["attributes"] = new JsonObject { ["type"] = "Task" },
        [ActivityIdField] = task.ActivityId,
        ["WhoId"] = task.WhoId,
        ["WhatId"] = task.WhatId,
        ["Subject"] = task.Subject,
        ["Status"] = task.Status,
        ["ActivityDate"] = task.ActivityDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
        ["TaskSubtype"] = task.TaskSubtype,
    };

    /// <summary>An opt-out update, or null when the id is neither a lead (<c>00Q</c>) nor a contact (<c>003</c>).</summary>
    private static JsonObject? OptOutRecord(string whoId) =>
        (whoId.StartsWith("00Q", StringComparison.Ordinal) ? "Lead" : whoId.StartsWith("003", StringComparison.Ordinal) ? "Contact" : null) is { } type
            ? new JsonObject { ["attributes"] = new JsonObject { ["type"] = type }, ["id"] = whoId, ["HasOptedOutOfEmail"] = true }
            : null;

    /// <summary>Sends the records in calls of at most 200, retrying the transiently failed ones; one result per record, in input order.</summary>
    private async Task<IReadOnlyList<SalesforceWriteResult>> WriteAsync(HttpMethod method, IReadOnlyList<(string Key, JsonObject? Record)> records, CancellationToken cancellationToken)
    {
        var results = new SalesforceWriteResult?[records.Count];
        for (int i = 0; i < records.Count; i++)
        {
            if (records[i].Record is null)
            {
                results[i] = new SalesforceWriteResult(records[i].Key, null, $"'{records[i].Key}' is not a Salesforce lead or contact id.");
            }
        }

        for (int attempt = 1; ; attempt++)
        {
            List<int> pending = Enumerable.Range(0, records.Count).Where(i => results[i] is null).ToList();
            if (pending.Count == 0)
            {
                return results!;
            }

            if (attempt > 1)
            {
                await Task.Delay(_options.RetryDelay * (attempt - 1), cancellationToken);
            }

            bool lastAttempt = attempt >= _options.MaxAttempts;
            foreach (int[] chunk in pending.Chunk(MaxRecordsPerCall))
            {
                IReadOnlyList<CollectionRecordResult> answers = await SendAsync(method, chunk.Select(i => records[i].Record!).ToList(), cancellationToken);
                for (int j = 0; j < chunk.Length; j++)
                {
                    results[chunk[j]] = Outcome(records[chunk[j]].Key, answers[j], lastAttempt);
                }
            }
        }
    }

    /// <summary>The result of one record, or null when it failed transiently and has tries left.</summary>
    private static SalesforceWriteResult? Outcome(string key, CollectionRecordResult answer, bool lastAttempt)
    {
        if (answer.Success)
        {
            return new SalesforceWriteResult(key, answer.Id, null);
        }

        CollectionError? error = answer.Errors is { Count: > 0 } errors ? errors[0] : null;
        if (error is { StatusCode: "DUPLICATE_VALUE" } && (error.Message ?? "").Contains(ActivityIdField, StringComparison.Ordinal))
        {
            // Written by an earlier delivery: the external id is unique, and the message names the existing record.
            return new SalesforceWriteResult(key, ExistingId().Match(error.Message!) is { Success: true } m ? m.Groups[1].Value : null, null);
        }

        return error?.StatusCode is { } code && TransientCodes.Contains(code) && !lastAttempt
            ? null
            : new SalesforceWriteResult(key, null, error?.ToString() ?? "Salesforce reported a failure without an error.");
    }

    /// <summary>One sObject Collections call, through the session's call rules (a rejected token replaced once, 5xx retried).</summary>
    private async Task<IReadOnlyList<CollectionRecordResult>> SendAsync(HttpMethod method, List<JsonObject> records, CancellationToken cancellationToken)
    {
        var body = new JsonObject { ["allOrNone"] = false, ["records"] = new JsonArray(records.Select(r => (JsonNode)r.DeepClone()).ToArray()) };
        using HttpResponseMessage response = await _session.SendAsync(
            instance => new HttpRequestMessage(method, ApiAddress.Under(instance, $"services/data/v{_options.ApiVersion}/composite/sobjects")) { Content = JsonContent.Create(body) },
            $"{method} composite/sobjects",
            cancellationToken);
        List<CollectionRecordResult> results = await response.Content.ReadFromJsonAsync<List<CollectionRecordResult>>(cancellationToken) ?? [];
        return results.Count == records.Count
            ? results
            : throw new SalesforceException($"Salesforce answered {results.Count} results for {records.Count} records.");
    }

    [GeneratedRegex(@"with id: (\w+)", RegexOptions.CultureInvariant)]
    private static partial Regex ExistingId();
}
