using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The Marketo REST calls the sync, the activity logging and the journey actions use, on one token and one rate limiter. Every response
/// is checked for <c>success:false</c> (Marketo answers errors with HTTP 200 and a code): 601/602 renew the token,
/// 606/615 hold every caller back and repeat, 604/608/611/713 and HTTP 502 repeat with backoff, 607 throws
/// <see cref="MarketoDailyQuotaException"/> with the reset time, anything else throws <see cref="MarketoApiException"/>.
/// </summary>
public sealed partial class MarketoClient(HttpClient http, MarketoOptions options, MarketoTokenProvider tokens, MarketoRateLimiter limiter, TimeProvider clock)
{
    private readonly ConcurrentDictionary<int, int> _retries = new();
    private long _calls;

    /// <summary>Calls sent to Marketo (token fetches excluded: the identity endpoint has no API limit).</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Calls repeated, by the Marketo error code (or HTTP status) that caused it.</summary>
    public IReadOnlyDictionary<int, int> Retries => _retries;

    public MarketoOptions Options => options;

    /// <summary>
    /// How long a call someone waits on (a Smart Grid page, a seller's unsubscribe check) may take, its retries
    /// included: the retries of a Marketo that does not answer take about 90 s.
    /// </summary>
    public static readonly TimeSpan InteractiveBudget = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Runs <paramref name="call"/> (one or more calls of this client) within <paramref name="budget"/>; past it, a
    /// <see cref="MarketoApiException"/> says that Marketo gave no usable answer in time (none, or only errors the client retries).
    /// </summary>
    public static async Task<T> WithinAsync<T>(TimeSpan budget, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(budget);
        try
        {
            return await call(timer.Token);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new MarketoApiException(string.Create(CultureInfo.InvariantCulture, $"Marketo gave no usable answer within {budget.TotalSeconds:0} s"), e);
        }
    }

    /// <summary>A client with its own token and rate limiter: one per Marketo instance per process, as the limits are per instance.</summary>
    public static MarketoClient Create(HttpClient http, MarketoOptions options, TimeProvider clock) =>
        new(http, options, new MarketoTokenProvider(http, options, clock), new MarketoRateLimiter(options, clock), clock);

    /// <summary>Tokens fetched so far.</summary>
    public int TokensFetched => tokens.Fetched;

    /// <summary>One page of a static list's leads (Get Leads By List Id), at most 300 per call.</summary>
    public async Task<MarketoPage<Dictionary<string, JsonElement>>> GetStaticListLeadsAsync(
        long listId, IReadOnlyList<string> fields, string? nextPageToken, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        var query = new StringBuilder(string.Create(CultureInfo.InvariantCulture, $"rest/v1/lists/{listId}/leads.json?batchSize={RecordsPerCall(batchSize)}"));
        query.Append("&fields=").Append(Uri.EscapeDataString(string.Join(',', fields)));
        if (nextPageToken is not null)
        {
            query.Append("&nextPageToken=").Append(Uri.EscapeDataString(nextPageToken));
        }

        MarketoResponse response = await SendAsync(HttpMethod.Get, query.ToString(), null, cancellationToken);
        return new MarketoPage<Dictionary<string, JsonElement>>(response.ResultAs<Dictionary<string, JsonElement>>(), EmptyAsNull(response.NextPageToken));
    }

    /// <summary>A paging token for activities since <paramref name="since"/> (Get Paging Token): where Get Lead Changes starts.</summary>
    public async Task<string> GetPagingTokenAsync(DateTimeOffset since, CancellationToken cancellationToken)
    {
        string query = "rest/v1/activities/pagingtoken.json?sinceDatetime=" + Uri.EscapeDataString(since.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
        MarketoResponse response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return response.NextPageToken ?? throw new MarketoApiException("Marketo returned no paging token.");
    }

    /// <summary>
    /// One page of lead field changes after <paramref name="nextPageToken"/> (Get Lead Changes). The returned token is
    /// the checkpoint to keep; it is returned even when the page is empty, for the next poll to continue from.
    /// </summary>
    public async Task<MarketoPage<LeadChange>> GetLeadChangesAsync(string nextPageToken, IReadOnlyList<string> fields, int batchSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(fields);
        string query = string.Create(CultureInfo.InvariantCulture,
            $"rest/v1/activities/leadchanges.json?nextPageToken={Uri.EscapeDataString(nextPageToken)}&batchSize={RecordsPerCall(batchSize)}&fields={Uri.EscapeDataString(string.Join(',', fields))}");
        MarketoResponse response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return new MarketoPage<LeadChange>(response.ResultAs<LeadChange>(), response.NextPageToken ?? nextPageToken, response.MoreResult);
    }

    /// <summary>Activity types per Get Lead Activities call (Marketo: 10).</summary>
    public const int MaxActivityTypesPerCall = 10;

    /// <summary>Leads per Get Lead Activities call (Marketo: 30).</summary>
    public const int MaxLeadsPerActivitiesCall = 30;

    /// <summary>
    /// One page of activities after <paramref name="nextPageToken"/> (Get Lead Activities) of up to
    /// <see cref="MaxActivityTypesPerCall"/> types and <see cref="MaxLeadsPerActivitiesCall"/> leads. Marketo reads up to
    /// 300 activities of every type per call and returns those of the types asked for, so a page may be empty while
    /// <see cref="MarketoPage{T}.MoreResult"/> says more follow.
    /// </summary>
    public async Task<MarketoPage<LeadActivity>> GetLeadActivitiesAsync(
        string nextPageToken, IReadOnlyCollection<int> activityTypeIds, IReadOnlyCollection<long> leadIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activityTypeIds);
        ArgumentNullException.ThrowIfNull(leadIds);
        if (activityTypeIds.Count is < 1 or > MaxActivityTypesPerCall)
        {
            throw new ArgumentOutOfRangeException(nameof(activityTypeIds), activityTypeIds.Count, $"Marketo takes 1-{MaxActivityTypesPerCall} activity types per call.");
        }

        if (leadIds.Count is < 1 or > MaxLeadsPerActivitiesCall)
        {
            throw new ArgumentOutOfRangeException(nameof(leadIds), leadIds.Count, $"This client asks for 1-{MaxLeadsPerActivitiesCall} leads per activities call.");
        }

        string query = string.Create(CultureInfo.InvariantCulture,
            $"rest/v1/activities.json?nextPageToken={Uri.EscapeDataString(nextPageToken)}&activityTypeIds={string.Join(',', activityTypeIds)}&leadIds={string.Join(',', leadIds)}&batchSize={options.MaxRecordsPerCall}");
        MarketoResponse response = await SendAsync(HttpMethod.Get, query, null, cancellationToken);
        return new MarketoPage<LeadActivity>(response.ResultAs<LeadActivity>(), response.NextPageToken ?? nextPageToken, response.MoreResult);
    }

    /// <summary>
    /// The current values of up to 300 leads by id (Get Leads by filter type <c>id</c>): a lookup of known ids, never
    /// a search, so it cannot run into the 1,000-match limit of other filter types. Unknown ids are left out.
    /// </summary>
    public async Task<IReadOnlyList<Dictionary<string, JsonElement>>> GetLeadsByIdAsync(IReadOnlyCollection<long> ids, IReadOnlyList<string> fields, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(fields);
        RecordsPerCall(ids.Count);
        string query = string.Create(CultureInfo.InvariantCulture,
            $"rest/v1/leads.json?filterType=id&filterValues={string.Join(',', ids)}&fields={Uri.EscapeDataString(string.Join(',', fields))}");
        return (await SendAsync(HttpMethod.Get, query, null, cancellationToken)).ResultAs<Dictionary<string, JsonElement>>();
    }

    /// <summary>
    /// Adds custom activities (Add Custom Activities), in calls of at most 300. Marketo answers per record, so a
    /// rejected record comes back <c>skipped</c> with its reasons while the others are added.
    /// </summary>
    /// <returns>One result per activity, in the order given.</returns>
    public Task<IReadOnlyList<CustomActivityResult>> AddCustomActivitiesAsync(IReadOnlyList<CustomActivity> activities, CancellationToken cancellationToken) =>
        PerRecordAsync<CustomActivity, CustomActivityResult>(HttpMethod.Post, "rest/v1/activities/external.json", activities, chunk => new { input = chunk }, cancellationToken);

    /// <summary>Static lists named <paramref name="name"/> (Get Lists, filtered by name).</summary>
    public async Task<IReadOnlyList<MarketoAsset>> FindStaticListsAsync(string name, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "rest/v1/lists.json?name=" + Uri.EscapeDataString(name), null, cancellationToken)).ResultAs<MarketoAsset>();

    /// <summary>Smart campaigns named <paramref name="name"/> that the API may request (Get Campaigns, <c>isTriggerable=true</c>).</summary>
    public async Task<IReadOnlyList<MarketoAsset>> FindRequestableCampaignsAsync(string name, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, "rest/v1/campaigns.json?isTriggerable=true&name=" + Uri.EscapeDataString(name), null, cancellationToken)).ResultAs<MarketoAsset>();

    /// <summary>Programs named <paramref name="name"/> (Get Program by Name; none is an empty list).</summary>
    public async Task<IReadOnlyList<MarketoProgramAsset>> FindProgramsAsync(string name, CancellationToken cancellationToken) =>
        await AssetsByNameAsync<MarketoProgramAsset>("rest/asset/v1/program/byName.json", name, cancellationToken);

    /// <summary>The channel named <paramref name="name"/> with its statuses (Get Channel by Name), or null when there is none.</summary>
    public async Task<MarketoChannel?> FindChannelAsync(string name, CancellationToken cancellationToken) =>
        (await AssetsByNameAsync<MarketoChannel>("rest/asset/v1/channel/byName.json", name, cancellationToken)).FirstOrDefault(c => c.Name == name);

    /// <summary>
    /// Sets leads' status in a program (Sync Program Member Status), making them members where they are not, in calls
    /// of at most 300. One result per lead: <c>created</c> / <c>updated</c> / <c>skipped</c> with the reasons.
    /// </summary>
    public async Task<IReadOnlyList<LeadResult>> SetProgramMemberStatusAsync(long programId, IReadOnlyList<long> leadIds, string status, CancellationToken cancellationToken) =>
        (await PerRecordAsync<long, ProgramMemberResult>(
            HttpMethod.Post,
            string.Create(CultureInfo.InvariantCulture, $"rest/v1/programs/{programId}/members/status.json"),
            leadIds,
            chunk => new { statusName = status, input = chunk.Select(leadId => new { leadId }) },
            cancellationToken))
        .Select(r => new LeadResult(r.LeadId, r.Status, r.Reasons)).ToList();

    /// <summary>
    /// Adds leads to a static list (Add to List) or removes them (Remove from List), in calls of at most 300. Adding or
    /// removing twice changes nothing, so a retry is safe. One result per lead: <c>added</c> / <c>removed</c> / <c>skipped</c>.
    /// </summary>
    public Task<IReadOnlyList<LeadResult>> SetListMembershipAsync(long listId, IReadOnlyList<long> leadIds, bool isMember, CancellationToken cancellationToken) =>
        PerRecordAsync<long, LeadResult>(
            isMember ? HttpMethod.Post : HttpMethod.Delete,
            string.Create(CultureInfo.InvariantCulture, $"rest/v1/lists/{listId}/leads.json"),
            leadIds,
            chunk => new { input = chunk.Select(id => new { id }) },
            cancellationToken);

    /// <summary>
    /// Updates existing leads by id (Sync Leads, <c>action=updateOnly</c>, <c>lookupField=id</c>), in calls of at most
    /// 300; each lead is a field map with its <c>id</c>. Values are absolute, so a retry writes the same values.
    /// </summary>
    public Task<IReadOnlyList<LeadResult>> UpdateLeadsAsync(IReadOnlyList<IReadOnlyDictionary<string, object?>> leads, CancellationToken cancellationToken) =>
        PerRecordAsync<IReadOnlyDictionary<string, object?>, LeadResult>(
            HttpMethod.Post, "rest/v1/leads.json", leads, chunk => new { action = "updateOnly", lookupField = "id", input = chunk }, cancellationToken);

    /// <summary>
    /// Requests a campaign for up to <see cref="MaxLeadsPerCampaignRequest"/> leads (Request Campaign), with optional
    /// <c>{{my.token}}</c> values. Not idempotent at Marketo: every call runs the flow again, so callers keep a ledger.
    /// </summary>
    public async Task RequestCampaignAsync(long campaignId, IReadOnlyList<long> leadIds, IReadOnlyDictionary<string, string> tokens, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(leadIds);
        ArgumentNullException.ThrowIfNull(tokens);
        if (leadIds.Count is < 1 or > MaxLeadsPerCampaignRequest)
        {
            throw new ArgumentOutOfRangeException(nameof(leadIds), leadIds.Count, $"Marketo takes 1-{MaxLeadsPerCampaignRequest} leads per campaign request.");
        }

        object input = tokens.Count == 0
            ? new { leads = leadIds.Select(id => new { id }) }
            : new { leads = leadIds.Select(id => new { id }), tokens = tokens.Select(t => new { name = t.Key, value = t.Value }) };
        string body = JsonSerializer.Serialize(new { input }, MarketoJson.Options);
        await SendAsync(HttpMethod.Post, string.Create(CultureInfo.InvariantCulture, $"rest/v1/campaigns/{campaignId}/trigger.json"), body, cancellationToken);
    }

    /// <summary>Leads per Request Campaign call (Marketo: 100).</summary>
    public const int MaxLeadsPerCampaignRequest = 100;

    /// <summary>
    /// A per-record call in chunks of at most <see cref="MarketoOptions.MaxRecordsPerCall"/> (all in flight at once,
    /// the limiter pacing them), with one answer per record in the order given.
    /// </summary>
    private async Task<IReadOnlyList<TResult>> PerRecordAsync<TRecord, TResult>(
        HttpMethod method, string path, IReadOnlyList<TRecord> records, Func<TRecord[], object> body, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(records);
        IReadOnlyList<TResult>[] results = await Task.WhenAll(records.Chunk(options.MaxRecordsPerCall).Select(async chunk =>
        {
            MarketoResponse response = await SendAsync(method, path, JsonSerializer.Serialize(body(chunk), MarketoJson.Options), cancellationToken);
            IReadOnlyList<TResult> answered = response.ResultAs<TResult>();
            return answered.Count == chunk.Length
                ? answered
                : throw new MarketoApiException($"Marketo answered {answered.Count} results for {chunk.Length} records ({method} {path}).");
        }));
        return results.SelectMany(r => r).ToList();
    }

    /// <summary>
    /// An asset API lookup by name. Marketo answers a name it does not have with success, a warning and no result, or
    /// with 702 (no data found): both are none.
    /// </summary>
    private async Task<IReadOnlyList<T>> AssetsByNameAsync<T>(string path, string name, CancellationToken cancellationToken)
    {
        try
        {
            return (await SendAsync(HttpMethod.Get, path + "?name=" + Uri.EscapeDataString(name), null, cancellationToken)).ResultAs<T>();
        }
        catch (MarketoApiException e) when (e.Code == MarketoErrorCodes.NoDataFound)
        {
            return [];
        }
    }

    private static string? EmptyAsNull(string? token) => string.IsNullOrEmpty(token) ? null : token;

    private int RecordsPerCall(int batchSize) =>
        batchSize >= 1 && batchSize <= options.MaxRecordsPerCall
            ? batchSize
            : throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, $"Marketo takes 1-{options.MaxRecordsPerCall} records per call.");

    /// <summary>A failed call as an error names it: its method and API path, and its try.</summary>
    private static string CallOf(string method, string pathAndQuery, int attempt) =>
        string.Create(CultureInfo.InvariantCulture, $"{method} {ApiPath(pathAndQuery)}, attempt {attempt}");

    /// <summary>The API's path of a call, as errors name it: from the API's root whatever <c>MarketoBaseUrl</c>'s own path, no query (it may carry ids or a token).</summary>
    private static string ApiPath(string pathAndQuery) => "/" + pathAndQuery.Split('?')[0].TrimStart('/');

    private async Task<MarketoResponse> SendAsync(HttpMethod method, string pathAndQuery, string? jsonBody, CancellationToken cancellationToken)
    {
        for (int attempt = 1; ; attempt++)
        {
            string token;
            try
            {
                token = await tokens.GetAsync(cancellationToken);
            }
            catch (MarketoApiException e) when (e.Code is 502 or 503 or 504 && attempt < options.MaxAttempts)
            {
                // The identity call failed at the gateway or got no answer: retried with back-off like any call's.
                _retries.AddOrUpdate(e.Code, 1, (_, n) => n + 1);
                await Task.Delay(Backoff(attempt), clock, cancellationToken);
                continue;
            }

            (int? failure, MarketoResponse? answer) = await TrySendAsync(method, pathAndQuery, jsonBody, token, cancellationToken);
            if (answer is { Success: true })
            {
                return answer;
            }

            MarketoError error = (answer?.Errors is { Count: > 0 } errors ? errors[0] : null) ?? new MarketoError(failure?.ToString(CultureInfo.InvariantCulture) ?? "0", "no error detail");
            int code = failure ?? error.NumericCode;
            if (code == MarketoErrorCodes.DailyQuotaReached)
            {
                throw new MarketoDailyQuotaException(limiter.QuotaResetsAtUtc, $"Marketo's daily API quota is spent (607: {error.Message}); calls resume after {limiter.QuotaResetsAtUtc:u}.");
            }

            bool retryable = MarketoErrorCodes.RenewsToken(code) || MarketoErrorCodes.ThrottlesEveryone(code) || MarketoErrorCodes.IsTransient(code) || failure is not null;
            if (!retryable || attempt >= options.MaxAttempts)
            {
                throw new MarketoApiException(code, $"{error.Message} ({CallOf(method.Method, pathAndQuery, attempt)})");
            }

            _retries.AddOrUpdate(code, 1, (_, n) => n + 1);
            if (MarketoErrorCodes.RenewsToken(code))
            {
                tokens.Invalidate(token);
                continue;
            }

            TimeSpan delay = Backoff(attempt);
            if (MarketoErrorCodes.ThrottlesEveryone(code))
            {
                limiter.HoldEveryone(delay);
            }
            else
            {
                await Task.Delay(delay, clock, cancellationToken);
            }
        }
    }

    /// <summary>
    /// One call inside the limiter; the HTTP status when the gateway failed (502/503/504 or no answer), else the envelope.
    /// A call without an answer keeps its place in the limiter for <see cref="MarketoOptions.UnansweredCallHold"/>.
    /// </summary>
    private async Task<(int? HttpFailure, MarketoResponse? Answer)> TrySendAsync(HttpMethod method, string pathAndQuery, string? jsonBody, string token, CancellationToken cancellationToken)
    {
        IDisposable lease = await limiter.AcquireAsync(cancellationToken);
        bool answered = false;
        try
        {
            using var request = new HttpRequestMessage(method, ApiAddress.Under(options.BaseUrl, pathAndQuery));
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            if (jsonBody is not null)
            {
                request.Content = new StringContent(jsonBody, Encoding.UTF8, "application/json");
            }

            Interlocked.Increment(ref _calls);
            using HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
            answered = true;
            if (response.StatusCode is HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout)
            {
                return ((int)response.StatusCode, null);
            }

            if (!response.IsSuccessStatusCode)
            {
                // Not a Marketo envelope (Marketo answers its own errors with 200 and a code): a proxy's or gateway's
                // refusal, said as Marketo's so a run's failure names the system. No code, so it is not read as a
                // permanent refusal of the people in the call.
                throw new MarketoApiException($"Marketo answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) to {method} {ApiPath(pathAndQuery)}.");
            }

            return (null, await response.Content.ReadFromJsonAsync<MarketoResponse>(MarketoJson.Options, cancellationToken)
                ?? throw new MarketoApiException("Marketo returned an empty body."));
        }
        catch (HttpRequestException e) when (e.StatusCode is null)
        {
            // No answer at all (refused or reset connection): retried as a gateway failure, reported as what it was.
            return ((int)HttpStatusCode.BadGateway, new MarketoResponse { Errors = [new MarketoError("502", $"no answer from Marketo: {e.Message}")] });
        }
        finally
        {
            if (answered)
            {
                lease.Dispose();
            }
            else
            {
                limiter.ReleaseAfter(lease, options.UnansweredCallHold);
            }
        }
    }

    private TimeSpan Backoff(int attempt)
    {
        double factor = Math.Pow(2, attempt - 1) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        TimeSpan delay = options.RetryDelay * factor;
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }
}
