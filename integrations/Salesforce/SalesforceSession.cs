using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Salesforce;

/// <summary>
/// The one REST session of an org: an OAuth access token and the org's instance URL, fetched with the
/// client-credentials flow (<c>POST {login}/services/oauth2/token</c>) and kept until Salesforce rejects it, and the
/// call rules every Salesforce call of the app follows (<see cref="SendAsync"/>). Writers and readers share one.
/// </summary>
public sealed class SalesforceSession(HttpClient http, SalesforceOptions options)
{
    private readonly Lock _gate = new();
    private Task<Token>? _token;

    /// <summary>
    /// Sends a request built for the instance URL (the token answer's <c>instance_url</c>; build its address with
    /// <see cref="ApiAddress.Under"/>, which keeps a path the instance URL has, as behind a gateway) with the session's token: a rejected token (401, e.g.
    /// <c>INVALID_SESSION_ID</c> after a timeout) is replaced by one new login and the request sent again, once; a 5xx
    /// answer is retried up to <see cref="SalesforceOptions.MaxAttempts"/> tries. Any other failure throws
    /// <see cref="SalesforceException"/> naming <paramref name="what"/>; the caller disposes the successful response.
    /// </summary>
    public async Task<HttpResponseMessage> SendAsync(Func<Uri, HttpRequestMessage> build, string what, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(build);
        Token? rejected = null;
        for (int attempt = 1; ; attempt++)
        {
            Token token = await GetAsync(rejected, cancellationToken);
            using HttpRequestMessage request = build(token.InstanceUrl);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
            HttpResponseMessage response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return response;
            }

            using (response)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && rejected is null)
                {
                    rejected = token;
                    continue;
                }

                if ((int)response.StatusCode >= 500 && attempt < options.MaxAttempts)
                {
                    await Task.Delay(options.RetryDelay * attempt, cancellationToken);
                    continue;
                }

                throw new SalesforceException($"Salesforce refused {what} ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
            }
        }
    }

    /// <summary>
    /// The current token, fetched when there is none, when the last fetch failed, or when <paramref name="rejected"/>
    /// is the one Salesforce refused. Concurrent callers share one fetch.
    /// </summary>
    private Task<Token> GetAsync(Token? rejected, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            bool stale = _token is null || _token.IsFaulted || _token.IsCanceled
                || (rejected is not null && _token.IsCompletedSuccessfully && ReferenceEquals(_token.Result, rejected));
            if (stale)
            {
                _token = FetchAsync(CancellationToken.None);
            }

            return _token!.WaitAsync(cancellationToken);
        }
    }

    private async Task<Token> FetchAsync(CancellationToken cancellationToken)
    {
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = options.ClientId,
            ["client_secret"] = options.ClientSecret,
        });
        using HttpResponseMessage response = await http.PostAsync(ApiAddress.Under(options.LoginUrl, "services/oauth2/token"), form, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new SalesforceException($"Salesforce refused the OAuth token request ({(int)response.StatusCode}): {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        TokenResponse body = await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken)
            ?? throw new SalesforceException("Salesforce returned an empty OAuth token response.");
        return new Token(body.AccessToken ?? throw new SalesforceException("The OAuth token response has no access_token."),
            new Uri(body.InstanceUrl ?? throw new SalesforceException("The OAuth token response has no instance_url.")));
    }

    /// <summary>An access token and the instance it is valid for.</summary>
    private sealed record Token(string AccessToken, Uri InstanceUrl);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("instance_url")] string? InstanceUrl);
}
