using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Salesforce;

/// <summary>
/// Reads what changed in the org in a <c>SystemModstamp</c> window with SOQL (<c>GET /services/data/vXX.X/query</c>),
/// ordered by <c>SystemModstamp, Id</c> and paged with Salesforce's <c>nextRecordsUrl</c>, through the shared
/// <see cref="SalesforceSession"/> (an expired session is replaced by one new login). The window is
/// <c>SystemModstamp &gt;= since AND SystemModstamp &lt; until</c> in whole seconds: Salesforce compares date-times without
/// their milliseconds, so a caller that restarts a window at a second re-reads that second rather than missing part of it.
/// A record it cannot read (no <c>Id</c>, a field of another type than Salesforce's) is left out of its page's records
/// and named in its <see cref="SalesforceChangePage{T}.Unreadable"/>: Salesforce does not send such records, and one of
/// them must not hold the poll's checkpoint forever.
/// </summary>
public sealed class SalesforceChangeReader(SalesforceSession session, SalesforceOptions options) : ISalesforceChanges
{
    /// <summary>The Task field this app writes the sales activity id to (<see cref="SalesforceRestActivityLog.ActivityIdField"/>).</summary>
    private const string ActivityIdField = SalesforceRestActivityLog.ActivityIdField;

    /// <summary>
    /// Contacts or Leads (<paramref name="sObject"/>) whose record changed in the window, with <c>HasOptedOutOfEmail</c>
    /// either way (a cleared opt-out is a re-subscribe, and SOQL cannot ask which field changed).
    /// </summary>
    public Task<SalesforceChangePage<SalesforceOptOut>> OptOutsAsync(string sObject, DateTimeOffset since, DateTimeOffset until, int pageSize, CancellationToken cancellationToken)
    {
        if (sObject is not ("Contact" or "Lead"))
        {
            throw new ArgumentException("Opt-outs are read from Contact or Lead.", nameof(sObject));
        }

        return QueryAsync(sObject, Soql("Id, SystemModstamp, HasOptedOutOfEmail", sObject, null, since, until), pageSize, OptOut, cancellationToken);
    }

    /// <summary>Plain tasks (<c>TaskSubtype = 'Task'</c>: reminders) created by this app that changed in the window.</summary>
    public Task<SalesforceChangePage<SalesforceTaskChange>> TaskChangesAsync(DateTimeOffset since, DateTimeOffset until, int pageSize, CancellationToken cancellationToken) =>
        QueryAsync(
            "Task",
            Soql($"Id, SystemModstamp, {ActivityIdField}, WhoId, Status, ActivityDate, IsClosed, CompletedDateTime", "Task", $"{ActivityIdField} != null AND TaskSubtype = 'Task'", since, until),
            pageSize,
            TaskChange,
            cancellationToken);

    /// <summary>Maps a Contact or Lead record of an opt-out query.</summary>
    private static SalesforceOptOut OptOut(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SalesforceOptOut(
            Required(record, "Id"),
            DateTimeOf(record, "SystemModstamp") ?? throw Missing("SystemModstamp"),
            Flag(record, "HasOptedOutOfEmail") ?? throw Missing("HasOptedOutOfEmail"));
    }

    /// <summary>Maps a Task record of a task query.</summary>
    private static SalesforceTaskChange TaskChange(JsonObject record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new SalesforceTaskChange(
            Required(record, "Id"),
            DateTimeOf(record, "SystemModstamp") ?? throw Missing("SystemModstamp"),
            Required(record, ActivityIdField),
            Text(record, "WhoId"),
            Text(record, "Status"),
            Text(record, "ActivityDate") is { } due
                ? DateOnly.TryParseExact(due, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out DateOnly date) ? date : throw Unreadable("ActivityDate", "is not a date")
                : null,
            Flag(record, "IsClosed") ?? false,
            DateTimeOf(record, "CompletedDateTime"));
    }

    /// <summary>A SOQL date-time literal: UTC, whole seconds (what Salesforce compares).</summary>
    public static string Literal(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static string Soql(string fields, string sObject, string? filter, DateTimeOffset since, DateTimeOffset until) =>
        $"SELECT {fields} FROM {sObject} WHERE {(filter is null ? "" : filter + " AND ")}SystemModstamp >= {Literal(since)} AND SystemModstamp < {Literal(until)} ORDER BY SystemModstamp, Id";

    private Task<SalesforceChangePage<T>> QueryAsync<T>(string sObject, string soql, int pageSize, Func<JsonObject, T> map, CancellationToken cancellationToken)
        where T : SalesforceChange =>
        ReadAsync(sObject, $"services/data/v{options.ApiVersion}/query?q={Uri.EscapeDataString(soql)}", pageSize, map, cancellationToken);

    private async Task<SalesforceChangePage<T>> ReadAsync<T>(string sObject, string relativeUrl, int pageSize, Func<JsonObject, T> map, CancellationToken cancellationToken)
        where T : SalesforceChange
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, ISalesforceChanges.MinPageSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, ISalesforceChanges.MaxPageSize);
        using HttpResponseMessage response = await session.SendAsync(
            instance => new HttpRequestMessage(HttpMethod.Get, ApiAddress.Under(instance, relativeUrl))
            {
                Headers = { { "Sforce-Query-Options", string.Create(CultureInfo.InvariantCulture, $"batchSize={pageSize}") } },
            },
            "query",
            cancellationToken);
        JsonObject body = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken) ?? throw new SalesforceException("Salesforce answered an empty query result.");
        (List<T> records, List<string> unreadable) = ([], []);
        foreach (JsonNode? record in body["records"]?.AsArray() ?? [])
        {
            try
            {
                records.Add(map(record as JsonObject ?? throw new SalesforceException("A Salesforce query record is not an object.")));
            }
            catch (SalesforceException e)
            {
                unreadable.Add($"{sObject} {(record as JsonObject)?["Id"]?.ToJsonString() ?? "(no id)"}: {e.Message}");
            }
        }

        bool done = body["done"]?.GetValue<bool>() ?? true;
        string? next = done ? null : body["nextRecordsUrl"]?.GetValue<string>() ?? throw new SalesforceException("Salesforce answered a query page that is not done without a nextRecordsUrl.");
        if (next is not null && !next.StartsWith($"/services/data/v{options.ApiVersion}/query/", StringComparison.Ordinal))
        {
            throw new SalesforceException($"Salesforce answered an unexpected nextRecordsUrl '{next}'.");
        }

        return new SalesforceChangePage<T>(records, unreadable, next is null ? null : ct => ReadAsync(sObject, next.TrimStart('/'), pageSize, map, ct));
    }

    private static string Required(JsonObject record, string field) =>
        Text(record, field) is { Length: > 0 } value ? value : throw Missing(field);

    /// <summary>A text field, null when absent or null; a <see cref="SalesforceException"/> naming it when it is not text.</summary>
    private static string? Text(JsonObject record, string field) =>
        record[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out string? text) => text,
            _ => throw Unreadable(field, "is not text"),
        };

    /// <summary>A checkbox field, null when absent or null; a <see cref="SalesforceException"/> naming it when it is not true or false.</summary>
    private static bool? Flag(JsonObject record, string field) =>
        record[field] switch
        {
            null => null,
            JsonValue value when value.TryGetValue(out bool flag) => flag,
            _ => throw Unreadable(field, "is not true or false"),
        };

    private static SalesforceException Missing(string field) => new($"A Salesforce query record has no {field}.");

    private static SalesforceException Unreadable(string field, string problem) => new($"A Salesforce query record's {field} {problem}.");

    /// <summary>A date-time as the REST API writes it (<c>2026-12-01T10:00:00.000+0000</c>), or null.</summary>
    private static DateTimeOffset? DateTimeOf(JsonObject record, string field) =>
        Text(record, field) is { } text
            ? DateTimeOffset.TryParseExact(text, ["yyyy-MM-dd'T'HH:mm:ss.fffzzz", "yyyy-MM-dd'T'HH:mm:ss.fffK", "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out DateTimeOffset at)
                ? at
                : throw Unreadable(field, "is not a date-time")
            : null;
}
