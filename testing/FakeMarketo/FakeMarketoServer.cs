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
/// paged by <c>nextPageToken</c>, paging tokens and lead changes, Add Custom Activities, and what journey actions use:
/// Get Lists / Get Campaigns by name, Add to / Remove from List, Request Campaign (running a flow the test gives the
/// campaign, e.g. a Change Score step), Sync Leads (<c>updateOnly</c> by id) and programs' member statuses. Every API call is checked
/// against the limits (calls per window, calls in flight, daily quota, records per call); a call over a limit is
/// refused with Marketo's code and recorded as a violation. Error codes can be injected for the next calls.
/// </summary>
public sealed partial class FakeMarketoServer : IAsyncDisposable
{
    public const string ClientId = "fake-client";
    public const string ClientSecret = "fake-secret";

    private readonly WebApplication _app;
    private readonly FakeMarketoLimits _limits;
    private readonly Lock _lock = new();
    private readonly Queue<DateTimeOffset> _arrivals = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> _tokens = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<(int Code, string? Message)> _injected = new();
    private readonly ConcurrentQueue<string> _violations = new();
    private readonly Dictionary<long, StaticList> _lists = [];
    private readonly Dictionary<long, JsonObject> _leads = [];
    private readonly List<JsonObject> _changes = [];
    private readonly ConcurrentQueue<JsonObject> _activities = new();
    private readonly Dictionary<long, (string Name, string Workspace)> _listNames = [];
    private readonly Dictionary<long, FakeCampaign> _campaigns = [];
    private readonly List<(long CampaignId, long LeadId, IReadOnlyDictionary<string, string> Tokens)> _campaignRequests = [];
    private readonly ConcurrentQueue<(DateTimeOffset At, string Call)> _log = new();
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

    /// <summary>Every lead a campaign was requested for, with the request's tokens, in arrival order.</summary>
    public IReadOnlyList<(long CampaignId, long LeadId, IReadOnlyDictionary<string, string> Tokens)> CampaignRequests
    {
        get
        {
            lock (_lock)
            {
                return [.. _campaignRequests];
            }
        }
    }

    /// <summary>When each API call arrived and what it was (<c>POST /rest/v1/lists/1/leads.json</c>), refused ones included.</summary>
    public IReadOnlyCollection<(DateTimeOffset At, string Call)> CallLog => _log;

    /// <summary>A Change Score flow step: adds the token <c>{{my.scoreChange}}</c> (e.g. <c>+5</c>) to the lead's <paramref name="field"/>.</summary>
    public static Action<JsonObject, IReadOnlyDictionary<string, string>> ChangeScoreFlow(string field, string token = "{{my.scoreChange}}") => (lead, tokens) =>
        lead[field] = (lead[field]?.GetValue<double>() ?? 0) + double.Parse(tokens[token], NumberStyles.Float | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    /// <summary>Adds leads to the database without putting them on a list.</summary>
    public void AddLeads(IEnumerable<JsonObject> leads)
    {
        ArgumentNullException.ThrowIfNull(leads);
        lock (_lock)
        {
            foreach (JsonObject lead in leads)
            {
                _leads[long.Parse(lead["id"]!.ToJsonString(), CultureInfo.InvariantCulture)] = lead;
            }
        }
    }

    /// <summary>Names a static list (creating it empty if needed) so Get Lists finds it.</summary>
    public void AddStaticList(long listId, string name, string workspace = "Default")
    {
        lock (_lock)
        {
            _listNames[listId] = (name, workspace);
            _lists.TryAdd(listId, new StaticList());
        }
    }

    /// <summary>The ids of a static list's members.</summary>
    public IReadOnlyList<long> ListMembers(long listId)
    {
        lock (_lock)
        {
            return _lists.TryGetValue(listId, out StaticList? list) ? list.Members.Select(LeadId).ToList() : [];
        }
    }

    /// <summary>A smart campaign; requestable ones (a "Campaign is Requested" trigger from the web service API) can be requested, running <paramref name="flow"/> per lead.</summary>
    public void AddCampaign(long campaignId, string name, string workspace = "Default", Action<JsonObject, IReadOnlyDictionary<string, string>>? flow = null, bool requestable = true)
    {
        lock (_lock)
        {
            _campaigns[campaignId] = new FakeCampaign(name, workspace, requestable, flow);
        }
    }

    /// <summary>A stored lead's field.</summary>
    public JsonNode? LeadField(long leadId, string field)
    {
        lock (_lock)
        {
            return _leads[leadId][field]?.DeepClone();
        }
    }

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
            StaticList list = _lists.TryGetValue(listId, out StaticList? existing) ? existing : _lists[listId] = new StaticList();
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

    /// <summary>The next API calls answer these codes, one each (0 answers normally, 502 answers HTTP 502, others HTTP 200 with success:false).</summary>
    public void InjectErrors(params int[] codes)
    {
        ArgumentNullException.ThrowIfNull(codes);
        foreach (int code in codes)
        {
            _injected.Enqueue((code, null));
        }
    }

    /// <summary>The next API call answers HTTP 200 with success:false, <paramref name="code"/> and <paramref name="message"/>.</summary>
    public void InjectError(int code, string message) => _injected.Enqueue((code, message));

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
        app.MapGet("/rest/v1/activities.json", (HttpRequest request) => ApiCallAsync(request, () => LeadActivities(request)));
        app.MapPost("/rest/v1/activities/external.json", async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => AddActivities(body));
        });
        app.MapGet("/rest/v1/lists.json", (HttpRequest request) => ApiCallAsync(request, () => Named(request, _listNames.Select(l => (l.Key, l.Value.Name, l.Value.Workspace)))));
        app.MapGet("/rest/v1/campaigns.json", (HttpRequest request) => ApiCallAsync(request, () => Named(
            request, _campaigns.Where(c => c.Value.Requestable || request.Query["isTriggerable"] != "true").Select(c => (c.Key, c.Value.Name, c.Value.Workspace)))));
        app.MapPost("/rest/v1/lists/{listId:long}/leads.json", async (HttpRequest request, long listId) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => SetListMembership(listId, body, isMember: true));
        });
        app.MapDelete("/rest/v1/lists/{listId:long}/leads.json", async (HttpRequest request, long listId) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => SetListMembership(listId, body, isMember: false));
        });
        app.MapPost("/rest/v1/campaigns/{campaignId:long}/trigger.json", async (HttpRequest request, long campaignId) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => RequestCampaign(campaignId, body));
        });
        app.MapPost("/rest/v1/leads.json", async (HttpRequest request) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => UpdateLeads(body));
        });
        MapBulkExtract(app);
        MapPrograms(app);
    }

    /// <summary>The checks every API call goes through, in Marketo's order of refusal, around the endpoint's own answer.</summary>
    private async Task<IResult> ApiCallAsync(HttpRequest request, Func<IResult> endpoint)
    {
        Interlocked.Increment(ref _calls);
        _log.Enqueue((DateTimeOffset.UtcNow, $"{request.Method} {request.Path}"));
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

            if (_injected.TryDequeue(out (int Code, string? Message) injected) && injected.Code != 0)
            {
                return injected.Code == 502 ? Results.StatusCode(502) : Failure(injected.Code, injected.Message ?? $"Injected error {injected.Code}");
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
            if (!_lists.TryGetValue(listId, out StaticList? list))
            {
                return Failure(1013, $"Static list {listId} not found");
            }

            int start = (int)(position ?? 0);
            var page = new JsonArray();
            foreach (JsonObject lead in list.Members.Skip(start).Take(batchSize))
            {
                var selected = new JsonObject { ["id"] = lead["id"]!.DeepClone() };
                foreach (string field in fields)
                {
                    selected[field] = lead[field]?.DeepClone();
                }

                page.Add(selected);
            }

            int next = start + page.Count;
            return Success(page, next < list.Members.Count ? Token("list" + listId, next) : null);
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

    private static IResult PagingToken(HttpRequest request)
    {
        if (!DateTimeOffset.TryParse(request.Query["sinceDatetime"], CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset since))
        {
            return Failure(1003, "sinceDatetime is required");
        }

        // Date-based, as Marketo's: Get Lead Changes and Get Lead Activities each start at their first record at or after it.
        return Success([], DateToken(since));
    }

    private IResult LeadChanges(HttpRequest request)
    {
        if (!TryBatchSize(request, out int batchSize, out IResult? refusal))
        {
            return refusal!;
        }

        lock (_lock)
        {
            if (LogPosition(request.Query["nextPageToken"], "chg", _changes) is not long position)
            {
                return Failure(1003, "Invalid or expired nextPageToken");
            }

            var page = new JsonArray(_changes.Skip((int)position).Take(batchSize).Select(c => (JsonNode)c.DeepClone()).ToArray());
            long next = position + page.Count;
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
                int space = problem.IndexOf(' ', StringComparison.Ordinal);
                results.Add(new JsonObject { ["status"] = "skipped", ["reasons"] = new JsonArray(new JsonObject { ["code"] = problem[..space], ["message"] = problem[(space + 1)..] }) });
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
                return "1004 Lead not found";
            }
        }

        return activity["activityTypeId"]?.GetValue<int>() is not > 0 ? "1003 activityTypeId is required"
            : string.IsNullOrEmpty(activity["primaryAttributeValue"]?.GetValue<string>()) ? "1003 primaryAttributeValue is required"
            : activity["activityDate"] is null ? "1003 activityDate is required"
            : null;
    }

    private static long LeadId(JsonNode lead) => long.Parse(lead["id"]!.ToJsonString(), CultureInfo.InvariantCulture);

    private static JsonObject Skipped(long? id, int code, string message) => new()
    {
        ["id"] = id,
        ["status"] = "skipped",
        ["reasons"] = Reasons(code, message),
    };

    /// <summary>Get Lists / Get Campaigns: the assets whose name is one of the comma-separated <c>name</c> values (all without one).</summary>
    private IResult Named(HttpRequest request, IEnumerable<(long Id, string Name, string Workspace)> assets)
    {
        if (!TryBatchSize(request, out int batchSize, out IResult? refusal))
        {
            return refusal!;
        }

        HashSet<string>? names = request.Query["name"].ToString() is { Length: > 0 } text ? text.Split(',').ToHashSet(StringComparer.Ordinal) : null;
        lock (_lock)
        {
            return Success(new JsonArray(assets
                .Where(a => names is null || names.Contains(a.Name))
                .Take(batchSize)
                .Select(a => (JsonNode)new JsonObject { ["id"] = a.Id, ["name"] = a.Name, ["workspaceName"] = a.Workspace })
                .ToArray()));
        }
    }

    /// <summary>The <c>input</c> array of a per-record call, or the refusal (missing, or more records than one call takes).</summary>
    private JsonArray? Input(JsonNode? body, int max, string what, out IResult? refusal)
    {
        refusal = null;
        if (body?["input"] is not JsonArray input)
        {
            refusal = Failure(609, "Invalid JSON: input is required");
            return null;
        }

        if (input.Count > max || input.Count == 0)
        {
            _violations.Enqueue($"records per call: {input.Count} {what}, limit {max}");
            refusal = Failure(1003, $"{input.Count} {what}: 1-{max} per call");
            return null;
        }

        return input;
    }

    private IResult SetListMembership(long listId, JsonNode? body, bool isMember)
    {
        if (Input(body, _limits.MaxRecordsPerCall, "leads", out IResult? refusal) is not { } input)
        {
            return refusal!;
        }

        lock (_lock)
        {
            if (!_lists.TryGetValue(listId, out StaticList? list))
            {
                return Failure(1013, $"Static list {listId} not found");
            }

            var results = new JsonArray();
            foreach (JsonNode? item in input)
            {
                long? id = item?["id"]?.GetValue<long>();
                if (id is null || !_leads.TryGetValue(id.Value, out JsonObject? lead))
                {
                    results.Add(Skipped(id, 1004, "Lead not found"));
                }
                else if (!isMember && !list.Contains(id.Value))
                {
                    results.Add(Skipped(id, 1015, "Lead not in list"));
                }
                else
                {
                    if (isMember)
                    {
                        list.Add(lead);
                    }
                    else
                    {
                        list.Remove(id.Value);
                    }

                    results.Add(new JsonObject { ["id"] = id, ["status"] = isMember ? "added" : "removed" });
                }
            }

            return Success(results);
        }
    }

    private IResult RequestCampaign(long campaignId, JsonNode? body)
    {
        if (body?["input"]?["leads"] is not JsonArray leads)
        {
            return Failure(609, "Invalid JSON: input.leads is required");
        }

        if (leads.Count is 0 or > 100)
        {
            _violations.Enqueue($"records per call: {leads.Count} leads in a campaign request, limit 100");
            return Failure(1003, $"{leads.Count} leads: 1-100 per campaign request");
        }

        var tokens = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (JsonNode? token in body["input"]?["tokens"] as JsonArray ?? [])
        {
            string name = token?["name"]?.GetValue<string>() ?? "";
            if (!name.StartsWith("{{my.", StringComparison.Ordinal) || !name.EndsWith("}}", StringComparison.Ordinal))
            {
                return Failure(1003, $"Token name '{name}' must be {{{{my.name}}}}");
            }

            tokens[name] = token?["value"]?.GetValue<string>() ?? "";
        }

        lock (_lock)
        {
            if (!_campaigns.TryGetValue(campaignId, out FakeCampaign? campaign))
            {
                return Failure(1013, $"Campaign {campaignId} not found");
            }

            if (!campaign.Requestable)
            {
                return Failure(1003, $"Campaign {campaignId} cannot be requested (no 'Campaign is Requested' trigger)");
            }

            // Unknown leads are left out; each known one runs through the flow, every time it is requested.
            foreach (long id in leads.Select(l => l?["id"]?.GetValue<long>() ?? 0).Where(_leads.ContainsKey))
            {
                campaign.Flow?.Invoke(_leads[id], tokens);
                _campaignRequests.Add((campaignId, id, tokens));
            }

            return Success([new JsonObject { ["id"] = campaignId }]);
        }
    }

    private IResult UpdateLeads(JsonNode? body)
    {
        if (body?["action"]?.GetValue<string>() != "updateOnly" || body["lookupField"]?.GetValue<string>() != "id")
        {
            return Failure(1003, "The fake serves action=updateOnly with lookupField=id");
        }

        if (Input(body, _limits.MaxRecordsPerCall, "leads", out IResult? refusal) is not { } input)
        {
            return refusal!;
        }

        lock (_lock)
        {
            // Like Marketo, a field the instance does not have fails the whole call.
            HashSet<string> known = _leads.Values.SelectMany(l => l.Select(f => f.Key)).ToHashSet(StringComparer.Ordinal);
            if (input.SelectMany(i => i!.AsObject().Select(f => f.Key)).FirstOrDefault(f => !known.Contains(f)) is { } unknown)
            {
                return Failure(1006, $"Field '{unknown}' not found");
            }

            var results = new JsonArray();
            foreach (JsonNode? item in input)
            {
                long? id = item?["id"]?.GetValue<long>();
                if (id is null || !_leads.TryGetValue(id.Value, out JsonObject? lead))
                {
                    results.Add(Skipped(id, 1004, "Lead not found"));
                    continue;
                }

                foreach ((string field, JsonNode? value) in item!.AsObject().Where(f => f.Key != "id"))
                {
                    lead[field] = value?.DeepClone();
                }

                results.Add(new JsonObject { ["id"] = id, ["status"] = "updated" });
            }

            return Success(results);
        }
    }

    private sealed record FakeCampaign(string Name, string Workspace, bool Requestable, Action<JsonObject, IReadOnlyDictionary<string, string>>? Flow);

    /// <summary>
    /// A static list's members in the order they joined (list paging reads them so), with their ids beside them: a
    /// membership check must not scan the list, or a call of 300 leads to a 100,000-member list costs the fake seconds.
    /// </summary>
    private sealed class StaticList
    {
        private readonly HashSet<long> _ids = [];

        public List<JsonObject> Members { get; } = [];

        public bool Contains(long id) => _ids.Contains(id);

        /// <summary>Adds a lead that is not a member yet (a static list holds a lead once).</summary>
        public void Add(JsonObject lead)
        {
            if (_ids.Add(LeadId(lead)))
            {
                Members.Add(lead);
            }
        }

        public void Remove(long id)
        {
            if (_ids.Remove(id))
            {
                Members.RemoveAt(Members.FindIndex(l => LeadId(l) == id));
            }
        }
    }
}
