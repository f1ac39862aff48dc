using System.Net;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>Marketo answers errors as HTTP 200 with success:false and a code; each code gets its own treatment.</summary>
public sealed class ErrorHandlingTests
{
    private static Task<MarketoPage<Dictionary<string, System.Text.Json.JsonElement>>> ReadAsync(MarketoClient client) =>
        client.GetStaticListLeadsAsync(MarketoFixture.ListId, ["email"], null, 10, CancellationToken.None);

    [Fact]
    public async Task One_token_serves_every_call_until_it_expires()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        MarketoClient client = marketo.Client();

        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => ReadAsync(client)));

        Assert.Equal(1, marketo.Server.TokensIssued);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, "", "Marketo gave no access token (HTTP 500): an answer that is not Marketo's JSON")]
    [InlineData(HttpStatusCode.BadGateway, "<html>Bad gateway</html>", "Marketo gave no access token (HTTP 502): an answer that is not Marketo's JSON")]
    [InlineData(HttpStatusCode.Unauthorized, """{"error":"unauthorized","error_description":"Bad client credentials"}""", "Marketo gave no access token (HTTP 401): Bad client credentials")]
    public async Task A_token_answer_says_its_HTTP_status_and_Marketo_s_reason_not_a_JSON_parser_s(HttpStatusCode status, string body, string message)
    {
        using var http = new HttpClient(new AnswerEveryCall(status, body));
        using var tokens = new MarketoTokenProvider(http, new MarketoOptions { BaseUrl = new Uri("http://marketo.invalid/"), ClientId = "id", ClientSecret = "secret" }, TimeProvider.System);

        MarketoApiException refused = await Assert.ThrowsAsync<MarketoApiException>(() => tokens.GetAsync(CancellationToken.None));

        Assert.Equal(message, refused.Message);
        // A token failure is never a refusal of the call an action made (which would skip its people for good).
        Assert.False(MarketoErrorCodes.IsPermanent(refused.Code));
    }

    [Fact]
    public async Task A_token_call_that_gets_no_answer_is_retried_like_any_call()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        using var http = new HttpClient(new RefuseTokenCalls(times: 2) { InnerHandler = new HttpClientHandler() });
        MarketoClient client = MarketoClient.Create(http, marketo.Options(), TimeProvider.System);

        var page = await ReadAsync(client);

        Assert.Equal(5, page.Items.Count);
        Assert.Equal(2, client.Retries[502]);
    }

    [Fact]
    public async Task A_token_call_that_never_gets_an_answer_says_so_after_the_last_try()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        using var http = new HttpClient(new RefuseTokenCalls(times: int.MaxValue) { InnerHandler = new HttpClientHandler() });
        MarketoClient client = MarketoClient.Create(http, marketo.Options() with { MaxAttempts = 3 }, TimeProvider.System);

        MarketoApiException failed = await Assert.ThrowsAsync<MarketoApiException>(() => ReadAsync(client));

        Assert.Equal(502, failed.Code);
        Assert.Contains("no answer from Marketo for an access token: Connection refused", failed.Message, StringComparison.Ordinal);
        Assert.Equal(2, client.Retries[502]);
    }

    [Fact]
    public async Task A_REST_call_a_proxy_refuses_with_an_HTTP_status_says_Marketo_and_the_status_and_refuses_no_one_for_good()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        using var http = new HttpClient(new RefuseRestCalls(HttpStatusCode.Forbidden) { InnerHandler = new HttpClientHandler() });
        MarketoClient client = MarketoClient.Create(http, marketo.Options(), TimeProvider.System);

        MarketoApiException refused = await Assert.ThrowsAsync<MarketoApiException>(() => ReadAsync(client));

        Assert.StartsWith("Marketo answered HTTP 403 (Forbidden) to GET /rest/", refused.Message, StringComparison.Ordinal);
        Assert.False(MarketoErrorCodes.IsPermanent(refused.Code));
    }

    [Fact]
    public async Task An_expired_token_602_is_renewed_and_the_call_repeated()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5);
        MarketoClient client = marketo.Client();
        await ReadAsync(client);
        marketo.Server.ExpireTokens();

        var page = await ReadAsync(client);

        Assert.Equal(5, page.Items.Count);
        Assert.Equal(2, marketo.Server.TokensIssued);
        Assert.Equal(1, client.Retries[MarketoErrorCodes.AccessTokenExpired]);
    }

    [Fact]
    public async Task A_token_that_outlives_its_stated_life_is_renewed_before_use()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 5, new FakeMarketoLimits { TokenLifetime = TimeSpan.FromSeconds(61) });
        MarketoClient client = marketo.Client();
        await ReadAsync(client);
        await Task.Delay(1100);

        await ReadAsync(client);

        // Renewed ahead of expiry (within 60 s of its end), so no call ever met a 602.
        Assert.Equal(2, marketo.Server.TokensIssued);
        Assert.Empty(client.Retries);
    }

    [Theory]
    [InlineData(MarketoErrorCodes.AccessTokenInvalid)]
    [InlineData(MarketoErrorCodes.RequestTimedOut)]
    [InlineData(MarketoErrorCodes.RateLimitExceeded)]
    [InlineData(MarketoErrorCodes.ApiTemporarilyUnavailable)]
    [InlineData(MarketoErrorCodes.SystemError)]
    [InlineData(MarketoErrorCodes.ConcurrentAccessLimitReached)]
    [InlineData(MarketoErrorCodes.TransientError)]
    [InlineData(502)]
    public async Task A_retryable_error_is_retried_and_the_call_succeeds(int code)
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        MarketoClient client = marketo.Client();
        marketo.Server.InjectErrors(code, code);

        var page = await ReadAsync(client);

        Assert.Equal(3, page.Items.Count);
        Assert.Equal(2, client.Retries[code]);
        Assert.Equal(3, marketo.Server.Calls);
    }

    [Fact]
    public async Task A_transient_error_that_never_clears_fails_after_the_attempt_limit()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        MarketoClient client = marketo.Client(marketo.Options() with { MaxAttempts = 3 });
        marketo.Server.InjectErrors(611, 611, 611);

        MarketoApiException error = await Assert.ThrowsAsync<MarketoApiException>(() => ReadAsync(client));

        Assert.Equal(611, error.Code);
        Assert.EndsWith($"(GET /rest/v1/lists/{MarketoFixture.ListId}/leads.json, attempt 3)", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, marketo.Server.Calls);
    }

    [Fact]
    public async Task Any_other_error_fails_at_once_with_its_code()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        MarketoClient client = marketo.Client();

        MarketoApiException error = await Assert.ThrowsAsync<MarketoApiException>(() =>
            client.GetStaticListLeadsAsync(999, ["email"], null, 10, CancellationToken.None));

        Assert.Equal(1013, error.Code);
        Assert.Equal(1, marketo.Server.Calls);
    }

    [Fact]
    public async Task Daily_quota_607_pauses_the_sync_until_the_reset_keeping_its_cursor()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 900, new FakeMarketoLimits { DailyQuota = 1 });
        var source = new MarketoPeopleSource(marketo.Client());

        SourcePage partial = await source.ReadPageAsync(null, 900, CancellationToken.None);
        SourcePage paused = await source.ReadPageAsync(partial.NextCursor, 900, CancellationToken.None);

        // The call that succeeded keeps its leads and cursor; the next page waits for the reset.
        Assert.Equal(300, partial.People.Count);
        Assert.Empty(paused.People);
        Assert.Equal(partial.NextCursor, paused.NextCursor);
        Assert.True(paused.PausedUntilUtc > DateTime.UtcNow);
        Assert.Contains("607", paused.PauseReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Our_own_daily_quota_stops_calls_before_Marketo_has_to()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(leads: 3);
        MarketoClient client = marketo.Client(marketo.Options() with { DailyQuota = 2 });
        await ReadAsync(client);
        await ReadAsync(client);

        MarketoDailyQuotaException error = await Assert.ThrowsAsync<MarketoDailyQuotaException>(() => ReadAsync(client));

        Assert.Equal(2, marketo.Server.Calls);
        Assert.True(error.ResetsAtUtc > DateTime.UtcNow && error.ResetsAtUtc <= DateTime.UtcNow.AddDays(1));
    }

    /// <summary>Refuses the connection of the first <paramref name="times"/> identity calls, as a Marketo out of reach does.</summary>
    private sealed class RefuseTokenCalls(int times) : DelegatingHandler
    {
        private int _refused;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.Contains("/identity/", StringComparison.Ordinal) && Interlocked.Increment(ref _refused) <= times
                ? throw new HttpRequestException("Connection refused")
                : base.SendAsync(request, cancellationToken);
    }

    /// <summary>A proxy before Marketo that lets token calls through and answers every REST call with <paramref name="status"/>.</summary>
    private sealed class RefuseRestCalls(HttpStatusCode status) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            request.RequestUri!.AbsolutePath.Contains("/identity/", StringComparison.Ordinal)
                ? base.SendAsync(request, cancellationToken)
                : Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent("<html>Forbidden</html>") });
    }

    /// <summary>An identity endpoint (or a gateway before it) that answers every call the same.</summary>
    private sealed class AnswerEveryCall(HttpStatusCode status, string body) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(new HttpResponseMessage(status) { Content = new StringContent(body) });
    }
}
