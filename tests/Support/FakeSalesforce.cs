using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Testing;

/// <summary>
/// A Salesforce org on a free loopback port, holding to the rules the adapter depends on: the client-credentials token
/// endpoint; sObject Collections (POST creates, PATCH updates) refusing more than 200 records and a stale token, with
/// one result per record in input order; Task validation (WhoId a lead or contact, Subject, TaskSubtype); the unique
/// external id <c>Journey_Activity_Id__c</c>; and per-record failures a test injects.
/// </summary>
public sealed class FakeSalesforce : IAsyncDisposable
{
    public const string ClientId = "journey-app";
    public const string ClientSecret = "s3cret";
    public const string ApiVersion = "62.0";
    public const string ExternalIdField = "Journey_Activity_Id__c";

    private static readonly HashSet<string> Subtypes = new(StringComparer.Ordinal) { "Task", "Email", "ListEmail", "Cadence", "Call", "LinkedIn" };

    private readonly WebApplication _app;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, JsonObject> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _byExternalId = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (string Code, int Times)> _failures = new(StringComparer.Ordinal);
    private string _validToken = NewToken();
    private int _nextId;

    private FakeSalesforce(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The record count of every collection call, in order.</summary>
    public List<(string Method, int Records)> CollectionCalls { get; } = [];

    public int TokenRequests { get; private set; }

    public static async Task<FakeSalesforce> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var fake = new FakeSalesforce(app);
        app.MapPost("/services/oauth2/token", fake.Token);
        app.MapMethods("/services/data/v" + ApiVersion + "/composite/sobjects", ["POST", "PATCH"], fake.CollectionAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First() + "/");
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
            if (request.Headers.Authorization.ToString() != "Bearer " + _validToken)
            {
                return Results.Json(new[] { new { message = "Session expired or invalid", errorCode = "INVALID_SESSION_ID" } }, statusCode: 401);
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

        return new { id, success = true, errors = Array.Empty<object>() };
    }

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
