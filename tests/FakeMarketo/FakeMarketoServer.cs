using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.FakeMarketo;

/// <summary>
/// A fake Marketo instance on a free loopback port: OAuth client credentials with expiring tokens, static list leads
/// paged by <c>nextPageToken</c>, paging tokens and lead changes, and Add Custom Activities. Every API call is checked
/// against the limits (calls per window, calls in flight, daily quota, records per call); a call over a limit is
/// refused with Marketo's code and recorded as a violation. Error codes can be injected for the next calls.
/// </summary>
public sealed class FakeMarketoServer : IAsyncDisposable
{
    public const string ClientId = "fake-client";
    public const string ClientSecret = "fake-secret";

    private readonly WebApplication _app;
    private readonly FakeMarketoLimits _limits;
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _arrivals = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<int> _injected = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Dictionary<long, List<JsonObject>> _lists = [];
    private readonly Dictionary<long, JsonObject> _leads = [];
    private readonly List<JsonObject> _changes = [];
    private readonly ConcurrentQueue<JsonObject> _activities = new();
    private long _calls;
    private long _callsToday;
    private int _inFlight;
    private int _maxInFlight;
    private int _tokensIssued;
    private long _nextActivityId = 1;

    private FakeMarketoServer(WebApplication app, FakeMarketoLimits limits)
    {
        _app = app;
        _limits = limits;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>API calls received (token requests excluded), refused ones included.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Every call that broke a limit, described.</summary>
    public IReadOnlyCollection<string> Violations => _violations;

    public int MaxInFlightSeen => Volatile.Read(ref _maxInFlight);

    public int TokensIssued => Volatile.Read(ref _tokensIssued);

    /// <summary>The custom activities added so far.</summary>
    public IReadOnlyCollection<JsonObject> Activities => _activities;

    public static async Task<FakeMarketoServer> StartAsync(FakeMarketoLimits? limits = null)
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        WebApplication app = builder.Build();
        var server = new FakeMarketoServer(app, limits ?? new FakeMarketoLimits());
        server.Map(app);
        await app.StartAsync();
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server.BaseUrl = new Uri(address.Replace("[::]", "127.0.0.1", StringComparison.Ordinal) + "/");
        return server;
    }

    /// <summary>Puts leads (JSON objects with at least an <c>id</c>) on a static list.</summary>
    public void AddListLeads(long listId, IEnumerable<JsonObject> leads)
    {
        ArgumentNullException.ThrowIfNull(leads);
        lock (_lock)
        {
            List<JsonObject> list = _lists.TryGetValue(listId, out List<JsonObject>? existing) ? existing : _lists[listId] = [];
            foreach (JsonObject lead in leads)
            {
                list.Add(lead);
                _leads[long.Parse(lead["id"]!.ToJsonString(), CultureInfo.InvariantCulture)] = lead;
            }
        }
    }

    /// <summary>Records a "change data value" activity for Get Lead Changes.</summary>
    public void AddLeadChange(long leadId, DateTimeOffset at, string field, string? newValue, string? oldValue)
    {
        lock (_lock)
        {
            _changes.Add(new JsonObject
            {
                ["id"] = _changes.Count + 1,
                ["leadId"] = leadId,
                ["activityDate"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["activityTypeId"] = 13,
                ["fields"] = new JsonArray(new JsonObject { ["id"] = 1, ["name"] = field, ["newValue"] = newValue, ["oldValue"] = oldValue }),
            });
        }
    }

    /// <summary>The next API calls answer these codes, one each (502 answers HTTP 502; others HTTP 200 with success:false).</summary>
    public void InjectErrors(params int[] codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        foreach (int code in codes)
        {
            _injected.Enqueue(code);
        }
    }

    /// <summary>Every token issued so far expires now (the next call with one gets 602).</summary>
    public void ExpireTokens()
    {
        foreach (string token in _tokens.Keys)
        {
            _tokens[token] = DateTimeOffset.MinValue;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static IResult Failure(int code, string message) =>
        Results.Json(new { requestId = Guid.NewGuid().ToString("N")[..8], success = false, errors = new[] { new { code = code.ToString(CultureInfo.InvariantCulture), message } } });

    private static IResult Success(JsonArray result, string? nextPageToken = null, bool? moreResult = null)
    {
        var body = new JsonObject { ["requestId"] = Guid.NewGuid().ToString("N")[..8], ["success"] = true, ["result"] = result };
        if (nextPageToken is not null)
        {
            body["nextPageToken"] = nextPageToken;
        }

        if (moreResult is not null)
        {
            body["moreResult"] = moreResult;
        }

        return Results.Content(body.ToJsonString(), "application/json");
    }

    private static string Token(string kind, long position) => Convert.ToBase64String(Encoding.UTF8.GetBytes($"{kind}:{position}"));

    private static long? Position(string? token, string kind)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string text;
        try
        {
            text = Encoding.UTF8.GetString(Convert.FromBase64String(token));
        }
        catch (FormatException)
        {
            return -1;
        }

        return text.StartsWith(kind + ":", StringComparison.Ordinal) && long.TryParse(text.AsSpan(kind.Length + 1), CultureInfo.InvariantCulture, out long position) ? position : -1;
    }

    private void Map(WebApplication app)
    {
        app.MapGet("/identity/oauth/token", (HttpRequest request) =>
        {
            if (request.Query["grant_type"] != "client_credentials" || request.Query["client_id"] != ClientId || request.Query["client_secret"] != ClientSecret)
            {
                return Results.Json(new { error = "unauthorized", error_description = "Bad client credentials" }, statusCode: 401);
            }

            string token = Guid.NewGuid().ToString("N");
            _tokens[token] = DateTimeOffset.UtcNow + _limits.TokenLifetime;
            Interlocked.Increment(ref _tokensIssued);
            return Results.Json(new { access_token = token, token_type = "bearer", expires_in = (int)_limits.TokenLifetime.TotalSeconds, scope = ClientId });
        });

        app.MapGet("/rest/v1/lists/{listId:long}/leads.json", (HttpRequest request, long listId) => ApiCallAsync(request, () => ListLeads(request, listId)));
        app.MapGet("/rest/v1/leads.json", (HttpRequest request) => ApiCallAsync(request, () => LeadsById(request)));
        app.MapGet("/rest/v1/activities/pagingtoken.json", (HttpRequest request) => ApiCallAsync(request, () => PagingToken(request)));
        app.MapGet("/rest/v1/activities/leadchanges.json", (HttpRequest request) => ApiCallAsync(request, () => LeadChanges(request)));
        app.MapPost("/rest/v1/activities/external.json", async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => AddActivities(body));
        });
    }

    /// <summary>The checks every API call goes through, in Marketo's order of refusal, around the endpoint's own answer.</summary>
    private async Task<IResult> ApiCallAsync(HttpRequest request, Func<IResult> endpoint)
    {
        Interlocked.Increment(ref _calls);
        int inFlight = Interlocked.Increment(ref _inFlight);
        try
        {
            int seen;
            while (inFlight > (seen = Volatile.Read(ref _maxInFlight)) && Interlocked.CompareExchange(ref _maxInFlight, inFlight, seen) != seen)
            {
            }

            if (Interlocked.Increment(ref _callsToday) > _limits.DailyQuota)
            {
                _violations.Enqueue($"daily quota: call {_callsToday} of {_limits.DailyQuota}");
                return Failure(607, "Daily quota reached");
            }

            if (inFlight > _limits.MaxConcurrentCalls)
            {
                _violations.Enqueue($"concurrency: {inFlight} calls in flight, limit {_limits.MaxConcurrentCalls}");
                return Failure(615, "Concurrent access limit reached");
            }

            if (CountArrival() is int inWindow && inWindow > _limits.CallsPerWindow)
            {
                _violations.Enqueue($"rate: {inWindow} calls in {_limits.Window.TotalSeconds} s, limit {_limits.CallsPerWindow}");
                return Failure(606, "Max rate limit exceeded");
            }

            string? bearer = request.Headers.Authorization.ToString() is { } header && header.StartsWith("Bearer ", StringComparison.Ordinal) ? header[7..] : null;
            if (bearer is null || !_tokens.TryGetValue(bearer, out DateTimeOffset expires))
            {
                return Failure(601, "Access token invalid");
            }

            if (expires <= DateTimeOffset.UtcNow)
            {
                return Failure(602, "Access token expired");
            }

            if (_limits.Latency > TimeSpan.Zero)
            {
                await Task.Delay(_limits.Latency);
            }

            if (_injected.TryDequeue(out int code))
            {
                return code == 502 ? Results.StatusCode(502) : Failure(code, $"Injected error {code}");
            }

            return endpoint();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private int CountArrival()
    {
        lock (_lock)
        {
            DateTimeOffset now = DateTimeOffset.UtcNow;
            while (_arrivals.Count > 0 && _arrivals.Peek() <= now - _limits.Window)
            {
                _arrivals.Dequeue();
            }

            _arrivals.Enqueue(now);
            return _arrivals.Count;
        }
    }

    private bool TryBatchSize(HttpRequest request, out int batchSize, out IResult? refusal)
    {
        batchSize = int.TryParse(request.Query["batchSize"], CultureInfo.InvariantCulture, out int size) ? size : _limits.MaxRecordsPerCall;
        refusal = null;
        if (batchSize > _limits.MaxRecordsPerCall || batchSize < 1)
        {
            _violations.Enqueue($"records per call: {batchSize}, limit {_limits.MaxRecordsPerCall}");
            refusal = Failure(1003, $"Invalid batchSize {batchSize}");
        }

        return refusal is null;
    }

    private IResult ListLeads(HttpRequest request, long listId)
    {
        if (!TryBatchSize(request, out int batchSize, out IResult? refusal))
        {
            return refusal!;
        }

        long? position = Position(request.Query["nextPageToken"], "list" + listId);
        if (position < 0)
        {
            return Failure(1003, "Invalid nextPageToken");
        }

        string[] fields = request.Query["fields"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        lock (_lock)
        {
            if (!_lists.TryGetValue(listId, out List<JsonObject>? list))
            {
                return Failure(1013, $"Static list {listId} not found");
            }

            int start = (int)(position ?? 0);
            var page = new JsonArray();
            foreach (JsonObject lead in list.Skip(start).Take(batchSize))
            {
                var selected = new JsonObject { ["id"] = lead["id"]!.DeepClone() };
                foreach (string field in fields)
                {
                    selected[field] = lead[field]?.DeepClone();
                }

                page.Add(selected);
            }

            int next = start + page.Count;
            return Success(page, next < list.Count ? Token("list" + listId, next) : null);
        }
    }

    private IResult LeadsById(HttpRequest request)
    {
        if (request.Query["filterType"] != "id")
        {
            return Failure(1003, "Only filterType=id is served by the fake");
        }

        string[] values = request.Query["filterValues"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (values.Length > _limits.MaxRecordsPerCall)
        {
            _violations.Enqueue($"records per call: {values.Length} filter values, limit {_limits.MaxRecordsPerCall}");
            return Failure(1003, $"Too many filter values: {values.Length}");
        }

        lock (_lock)
        {
            var found = new JsonArray();
            foreach (string value in values)
            {
                if (long.TryParse(value, CultureInfo.InvariantCulture, out long id) && _leads.TryGetValue(id, out JsonObject? lead))
                {
                    found.Add(lead.DeepClone());
                }
            }

            return Success(found);
        }
    }

    /// <summary>Changes a stored lead's field, as a Marketo user or flow would (record the change with <see cref="AddLeadChange"/>).</summary>
    public void SetLeadField(long leadId, string field, string? value)
    {
        lock (_lock)
        {
            _leads[leadId][field] = value;
        }
    }

    private IResult PagingToken(HttpRequest request)
    {
        if (!DateTimeOffset.TryParse(request.Query["sinceDatetime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset since))
        {
            return Failure(1003, "sinceDatetime is required");
        }

        lock (_lock)
        {
            int first = _changes.FindIndex(c => DateTimeOffset.Parse(c["activityDate"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since);
            return Success([], Token("chg", first < 0 ? _changes.Count : first));
        }
    }

    private IResult LeadChanges(HttpRequest request)
    {
        if (!TryBatchSize(request, out int batchSize, out IResult? refusal))
        {
            return refusal!;
        }

        long? position = Position(request.Query["nextPageToken"], "chg");
        if (position is null or < 0)
        {
            return Failure(1003, "Invalid nextPageToken");
        }

        lock (_lock)
        {
            var page = new JsonArray(_changes.Skip((int)position).Take(batchSize).Select(c => (JsonNode)c.DeepClone()).ToArray());
            long next = position.Value + page.Count;
            return Success(page, Token("chg", next), next < _changes.Count);
        }
    }

    private IResult AddActivities(JsonNode? body)
    {
        if (body?["input"] is not JsonArray input)
        {
            return Failure(609, "Invalid JSON: input is required");
        }

        if (input.Count > _limits.MaxRecordsPerCall)
        {
            _violations.Enqueue($"records per call: {input.Count} custom activities, limit {_limits.MaxRecordsPerCall}");
            return Failure(1003, $"Too many activities: {input.Count}");
        }

        var results = new JsonArray();
        foreach (JsonNode? activity in input)
        {
            string? problem = ActivityProblem(activity);
            if (problem is not null)
            {
                results.Add(new JsonObject { ["status"] = "skipped", ["reasons"] = new JsonArray(new JsonObject { ["code"] = problem.Split(' ')[0], ["message"] = problem }) });
                continue;
            }

            long id = Interlocked.Increment(ref _nextActivityId);
            _activities.Enqueue(activity!.AsObject().DeepClone().AsObject());
            results.Add(new JsonObject { ["id"] = id, ["status"] = "added" });
        }

        return Success(results);
    }

    private string? ActivityProblem(JsonNode? activity)
    {
        if (activity?["leadId"]?.GetValue<long>() is not long leadId)
        {
            return "1003 leadId is required";
        }

        lock (_lock)
        {
            if (!_leads.ContainsKey(leadId))
            {
                return $"1004 Lead {leadId} not found";
            }
        }

        return activity["activityTypeId"]?.GetValue<int>() is not > 0 ? "1003 activityTypeId is required"
            : string.IsNullOrEmpty(activity["primaryAttributeValue"]?.GetValue<string>()) ? "1003 primaryAttributeValue is required"
            : activity["activityDate"] is null ? "1003 activityDate is required"
            : null;
    }
}
