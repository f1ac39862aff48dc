using System.Globalization;
using System.Text.RegularExpressions;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Testing;

/// <summary>
/// A Salesforce org on a free loopback port, holding to the rules the adapter depends on: the client-credentials token
/// endpoint; sObject Collections (POST creates, PATCH updates) refusing more than 200 records and a stale token, with
/// one result per record in input order; Task validation (WhoId a lead or contact, Subject, TaskSubtype); the unique
/// external id <c>Journey_Activity_Id__c</c>; per-record failures a test injects; and SOQL change queries
/// (<c>GET query</c>) of the shape the inbound poll sends: the selected fields must exist on the object, the filter is
/// the poll's (opt-out, task origin and subtype, a <c>SystemModstamp</c> window compared in whole seconds as Salesforce
/// does), ordered by <c>SystemModstamp, Id</c>, in pages of the requested <c>batchSize</c> (200 to 2,000) with a
/// <c>nextRecordsUrl</c>; an unknown clause is a 400 <c>MALFORMED_QUERY</c>, a stale token a 401 on every page.
/// Every record carries a <c>SystemModstamp</c>, set on each write.
/// </summary>
public sealed partial class FakeSalesforce : IAsyncDisposable
{
    public const string ClientId = "journey-app";
    public const string ClientSecret = "s3cret";
    public const string ApiVersion = "62.0";
    public const string ExternalIdField = "Journey_Activity_Id__c";

    private static readonly Dictionary<string, HashSet<string>> QueryableFields = new(StringComparer.Ordinal)
    {
        ["Contact"] = new(StringComparer.Ordinal) { "Id", "SystemModstamp", "HasOptedOutOfEmail", "Email" },
        ["Lead"] = new(StringComparer.Ordinal) { "Id", "SystemModstamp", "HasOptedOutOfEmail", "Email" },
        ["Task"] = new(StringComparer.Ordinal) { "Id", "SystemModstamp", ExternalIdField, "WhoId", "WhatId", "Subject", "Status", "ActivityDate", "IsClosed", "CompletedDateTime", "TaskSubtype" },
    };

    private static readonly HashSet<string> Subtypes = new(StringComparer.Ordinal) { "Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn" };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Code, int Times)> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (List<JsonObject> Remaining, int BatchSize)> _cursors = new(StringComparer.Ordinal);
    private (int After, int Times, int Status) _queryFailure;
    private string _validToken = NewToken();
    private int _nextId;
    private int _nextCursor;

    private FakeSalesforce(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The record count of every collection call, in order.</summary>
    public List<(string Method, int Records)> CollectionCalls { get; } = [];

    public int TokenRequests { get; private set; }

    /// <summary>Every query page served: the SOQL (or the locator of a next page), the batch size asked and the records returned.</summary>
    public List<(string Query, int BatchSize, int Records)> QueryCalls { get; } = [];

    /// <summary>Every token is refused, even a new one (a revoked connected app): the client must give up after one new login.</summary>
    public bool ExpireEveryToken { get; set; }

    /// <summary>The time writes stamp as <c>SystemModstamp</c>.</summary>
    public Func<DateTimeOffset> Clock { get; set; } = () => DateTimeOffset.UtcNow;

    /// <summary>
    /// Starts the fake org, its login and its instance under <paramref name="pathPrefix"/> (as behind a gateway: the
    /// token answer's <c>instance_url</c> holds that path, and nothing answers outside it).
    /// </summary>
    public static async Task<FakeSalesforce> StartAsync(string pathPrefix = "")
    {
        ArgumentNullException.ThrowIfNull(pathPrefix);
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var fake = new FakeSalesforce(app);
        RouteGroupBuilder org = app.MapGroup("/" + pathPrefix.Trim('/'));
        org.MapPost("/services/oauth2/token", fake.Token);
        org.MapMethods("/services/data/v" + ApiVersion + "/composite/sobjects", ["POST", "PATCH"], fake.CollectionAsync);
        org.MapGet("/services/data/v" + ApiVersion + "/query", fake.Query);
        org.MapGet("/services/data/v" + ApiVersion + "/query/{locator}", fake.NextPage);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First() + "/" + (pathPrefix.Trim('/') is { Length: > 0 } path ? path + "/" : ""));
        return fake;
    }

    /// <summary>Invalidates every token handed out so far, as a session timeout does.</summary>
    public void ExpireTokens()
    {
        lock (_gate)
        {
            _validToken = NewToken();
        }
    }

    /// <summary>The next <paramref name="times"/> writes of the record with this external id (or id) fail with <paramref name="code"/>.</summary>
    public void FailRecord(string key, string code, int times = 1)
    {
        lock (_gate)
        {
            _failures[key] = (code, times);
        }
    }

    /// <summary>
    /// Writes fields of a record as a user in Salesforce would, stamping <c>SystemModstamp</c> with <paramref name="at"/>
    /// (default <see cref="Clock"/>); a Contact (<c>003</c>) or Lead (<c>00Q</c>) is created on first write.
    /// </summary>
    public void Edit(string id, JsonObject fields, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(fields);
        lock (_gate)
        {
            if (!_records.TryGetValue(id, out JsonObject? stored))
            {
                string type = id.StartsWith("003", StringComparison.Ordinal) ? "Contact" : id.StartsWith("00Q", StringComparison.Ordinal) ? "Lead"
                    : throw new ArgumentException($"No record {id}.", nameof(id));
                stored = _records[id] = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type }, ["Id"] = id };
            }

            foreach ((string field, JsonNode? value) in fields)
            {
                stored[field] = value?.DeepClone();
            }

            Stamp(stored, at);
        }
    }

    /// <summary>After <paramref name="afterPages"/> more query pages served, the next <paramref name="times"/> query calls answer <paramref name="status"/>.</summary>
    public void FailQueryPages(int afterPages, int times, int status = 503)
    {
        lock (_gate)
        {
            _queryFailure = (afterPages, times, status);
        }
    }

    public List<JsonObject> Records(string type)
    {
        lock (_gate)
        {
            return _records.Values.Where(r => r["attributes"]!["type"]!.GetValue<string>() == type).Select(r => (JsonObject)r.DeepClone()).ToList();
        }
    }

    public JsonObject? Record(string id)
    {
        lock (_gate)
        {
            return _records.TryGetValue(id, out JsonObject? r) ? (JsonObject)r.DeepClone() : null;
        }
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();

    private static string NewToken() => "00D!" + Guid.NewGuid().ToString("N");

    private IResult Token(HttpRequest request)
    {
        IFormCollection form = request.Form;
        lock (_gate)
        {
            TokenRequests++;
            if (form["grant_type"] != "client_credentials" || form["client_id"] != ClientId || form["client_secret"] != ClientSecret)
            {
                return Results.Json(new { error = "invalid_client", error_description = "invalid client credentials" }, statusCode: 400);
            }

            return Results.Json(new { access_token = _validToken, instance_url = BaseUrl.ToString().TrimEnd('/'), token_type = "Bearer" });
        }
    }

    private async Task<IResult> CollectionAsync(HttpRequest request)
    {
        JsonNode? body = await JsonNode.ParseAsync(request.Body);
        lock (_gate)
        {
            if (Unauthorized(request) is { } expired)
            {
                return expired;
            }

            JsonArray records = body?["records"]?.AsArray() ?? [];
            if (records.Count > 200)
            {
                return Results.Json(new[] { new { message = "record limit reached. cannot submit more than 200 records into this call", errorCode = "EXCEEDED_ID_LIMIT" } }, statusCode: 400);
            }

            CollectionCalls.Add((request.Method, records.Count));
            bool create = HttpMethods.IsPost(request.Method);
            return Results.Json(records.Select(r => create ? Create(r!.AsObject()) : Update(r!.AsObject())).ToList());
        }
    }

    private object Create(JsonObject record)
    {
        string? externalId = record[ExternalIdField]?.GetValue<string>();
        if (Injected(externalId) is { } injected)
        {
            return injected;
        }

        if (record["attributes"]?["type"]?.GetValue<string>() != "Task")
        {
            return Failure("INVALID_TYPE", "this fake only creates Task records");
        }

        string? who = record["WhoId"]?.GetValue<string>();
        if (who is null || !(who.StartsWith("00Q", StringComparison.Ordinal) || who.StartsWith("003", StringComparison.Ordinal)))
        {
            return Failure("FIELD_INTEGRITY_EXCEPTION", "Name ID: id value of incorrect type", "WhoId");
        }

        if (string.IsNullOrEmpty(record["Subject"]?.GetValue<string>()) || !Subtypes.Contains(record["TaskSubtype"]?.GetValue<string>() ?? ""))
        {
            return Failure("REQUIRED_FIELD_MISSING", "Required fields are missing: [Subject, TaskSubtype]", "Subject");
        }

        if (externalId is not null && _byExternalId.TryGetValue(externalId, out string? existing))
        {
            return Failure("DUPLICATE_VALUE", $"duplicate value found: {ExternalIdField} duplicates value on record with id: {existing}", ExternalIdField);
        }

        string id = "00T" + (++_nextId).ToString("D12", CultureInfo.InvariantCulture);
        var stored = (JsonObject)record.DeepClone();
        stored["Id"] = id;
        stored["IsClosed"] = stored["Status"]?.GetValue<string>() == "Completed";
        Stamp(stored, null);
        _records[id] = stored;
        if (externalId is not null)
        {
            _byExternalId[externalId] = id;
        }

        return new { id, success = true, errors = Array.Empty<object>() };
    }

    private object Update(JsonObject record)
    {
        string? id = record["id"]?.GetValue<string>();
        if (Injected(id) is { } injected)
        {
            return injected;
        }

        if (id is null || !(id.StartsWith("00Q", StringComparison.Ordinal) || id.StartsWith("003", StringComparison.Ordinal)))
        {
            return Failure("MALFORMED_ID", "malformed id " + id);
        }

        // Leads and contacts exist in any org; the fake creates them on first update.
        JsonObject stored = _records.TryGetValue(id, out JsonObject? found) ? found : _records[id] = new JsonObject { ["attributes"] = record["attributes"]!.DeepClone(), ["Id"] = id };
        foreach ((string field, JsonNode? value) in record.Where(p => p.Key is not "attributes" and not "id"))
        {
            stored[field] = value?.DeepClone();
        }

        Stamp(stored, null);

        return new { id, success = true, errors = Array.Empty<object>() };
    }

    private void Stamp(JsonObject record, DateTimeOffset? at) =>
        record["SystemModstamp"] = Format(at ?? Clock());

    /// <summary>A date-time as the REST API writes it.</summary>
    public static string Format(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture);

    private static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.fff'+0000'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    /// <summary>A date-time in whole seconds: what Salesforce compares in a filter.</summary>
    private static DateTimeOffset Seconds(DateTimeOffset at) => new(at.Ticks - at.Ticks % TimeSpan.TicksPerSecond, at.Offset);

    private IResult Query(HttpRequest request)
    {
        lock (_gate)
        {
            if (Unauthorized(request) is { } expired)
            {
                return expired;
            }

            if (InjectedQueryFailure() is { } failure)
            {
                return failure;
            }

            string soql = request.Query["q"].ToString();
            if (BatchSize(request) is not { } batchSize)
            {
                return QueryError(400, "INVALID_QUERY_OPTIONS", "batchSize must be 200 to 2000");
            }

            Match shape = SoqlShape().Match(soql);
            if (!shape.Success || !QueryableFields.TryGetValue(shape.Groups["from"].Value, out HashSet<string>? known))
            {
                return QueryError(400, "MALFORMED_QUERY", "the fake understands SELECT ... FROM Contact|Lead|Task WHERE ... ORDER BY SystemModstamp, Id: " + soql);
            }

            string type = shape.Groups["from"].Value;
            string[] fields = shape.Groups["fields"].Value.Split(',', StringSplitOptions.TrimEntries);
            if (fields.FirstOrDefault(f => !known.Contains(f)) is { } unknown)
            {
                return QueryError(400, "INVALID_FIELD", $"No such column '{unknown}' on entity '{type}'.");
            }

            var conditions = new List<Func<JsonObject, bool>>();
            foreach (string clause in shape.Groups["where"].Value.Split(" AND "))
            {
                if (Condition(clause) is not { } condition)
                {
                    return QueryError(400, "MALFORMED_QUERY", $"unexpected clause '{clause}'");
                }

                conditions.Add(condition);
            }

            List<JsonObject> matching = _records.Values
                .Where(r => r["attributes"]!["type"]!.GetValue<string>() == type && conditions.All(c => c(r)))
                .OrderBy(r => Parse(r["SystemModstamp"]!.GetValue<string>()))
                .ThenBy(r => r["Id"]!.GetValue<string>(), StringComparer.Ordinal)
                .Select(r => Selected(r, type, fields))
                .ToList();
            return Page(soql, matching, batchSize, matching.Count);
        }
    }

    private IResult NextPage(HttpRequest request, string locator)
    {
        lock (_gate)
        {
            if (Unauthorized(request) is { } expired)
            {
                return expired;
            }

            if (InjectedQueryFailure() is { } failure)
            {
                return failure;
            }

            if (!_cursors.Remove(locator, out (List<JsonObject> Remaining, int BatchSize) cursor))
            {
                return QueryError(400, "INVALID_QUERY_LOCATOR", "invalid query locator");
            }

            return Page(locator, cursor.Remaining, BatchSize(request) ?? cursor.BatchSize, null);
        }
    }

    private IResult Page(string query, List<JsonObject> records, int batchSize, int? totalSize)
    {
        List<JsonObject> page = records.Take(batchSize).ToList();
        QueryCalls.Add((query, batchSize, page.Count));
        string? next = null;
        if (records.Count > batchSize)
        {
            string locator = string.Create(CultureInfo.InvariantCulture, $"01g{++_nextCursor:D12}-{batchSize}");
            _cursors[locator] = (records.Skip(batchSize).ToList(), batchSize);
            next = $"/services/data/v{ApiVersion}/query/{locator}";
        }

        var body = new JsonObject { ["totalSize"] = totalSize ?? records.Count, ["done"] = next is null, ["records"] = new JsonArray([.. page]) };
        if (next is not null)
        {
            body["nextRecordsUrl"] = next;
        }

        return Results.Text(body.ToJsonString(), "application/json");
    }

    private IResult? InjectedQueryFailure()
    {
        if (_queryFailure.Times == 0)
        {
            return null;
        }

        if (_queryFailure.After > 0)
        {
            _queryFailure.After--;
            return null;
        }

        _queryFailure.Times--;
        return QueryError(_queryFailure.Status, "SERVER_UNAVAILABLE", "injected failure");
    }

    private IResult? Unauthorized(HttpRequest request) =>
        !ExpireEveryToken && request.Headers.Authorization.ToString() == "Bearer " + _validToken
            ? null
            : Results.Json(new[] { new { message = "Session expired or invalid", errorCode = "INVALID_SESSION_ID" } }, statusCode: 401);

    private static IResult QueryError(int status, string code, string message) =>
        Results.Json(new[] { new { message, errorCode = code } }, statusCode: status);

    /// <summary>The batch size asked for (2,000 when none), or null when outside Salesforce's 200 to 2,000.</summary>
    private static int? BatchSize(HttpRequest request)
    {
        string options = request.Headers["Sforce-Query-Options"].ToString();
        if (options.Length == 0)
        {
            return 2000;
        }

        return options.StartsWith("batchSize=", StringComparison.Ordinal) && int.TryParse(options["batchSize=".Length..], CultureInfo.InvariantCulture, out int size) && size is >= 200 and <= 2000
            ? size
            : null;
    }

    /// <summary>A filter clause of the poll's queries, or null for anything else.</summary>
    private static Func<JsonObject, bool>? Condition(string clause)
    {
        if (Regex.Match(clause, @"^(\w+) != null$") is { Success: true } notNull)
        {
            return r => r[notNull.Groups[1].Value] is not null;
        }

        if (Regex.Match(clause, @"^(\w+) = '([^'\\]*)'$") is { Success: true } equals)
        {
            return r => r[equals.Groups[1].Value]?.GetValue<string>() == equals.Groups[2].Value;
        }

        if (Regex.Match(clause, @"^SystemModstamp (>=|<) (\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z)$") is { Success: true } window)
        {
            DateTimeOffset bound = DateTimeOffset.Parse(window.Groups[2].Value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);
            bool atOrAfter = window.Groups[1].Value == ">=";
            return r => Seconds(Parse(r["SystemModstamp"]!.GetValue<string>())) is var stamp && (atOrAfter ? stamp >= bound : stamp < bound);
        }

        return null;
    }

    private static JsonObject Selected(JsonObject record, string type, string[] fields)
    {
        var selected = new JsonObject { ["attributes"] = new JsonObject { ["type"] = type, ["url"] = $"/services/data/v{ApiVersion}/sobjects/{type}/{record["Id"]}" } };
        foreach (string field in fields)
        {
            selected[field] = record[field]?.DeepClone() ?? (field is "IsClosed" or "HasOptedOutOfEmail" ? false : null);
        }

        return selected;
    }

    [GeneratedRegex(@"^SELECT (?<fields>[\w, ]+) FROM (?<from>\w+) WHERE (?<where>.+) ORDER BY SystemModstamp, Id$", RegexOptions.CultureInvariant)]
    private static partial Regex SoqlShape();

    private object? Injected(string? key)
    {
        if (key is null || !_failures.TryGetValue(key, out (string Code, int Times) failure) || failure.Times == 0)
        {
            return null;
        }

        _failures[key] = (failure.Code, failure.Times - 1);
        return Failure(failure.Code, "injected failure");
    }

    private static object Failure(string code, string message, params string[] fields) =>
        new { success = false, errors = new[] { new { statusCode = code, message, fields } } };
}
