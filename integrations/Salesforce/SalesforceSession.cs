using System.Net.Http.Json;
using System.Text.Json.Serialization;

namespace JourneyFunctions.Salesforce;

/// <summary>
/// An OAuth access token and the org's instance URL, fetched with the client-credentials flow
/// (<c>POST {login}/services/oauth2/token</c>) and kept until Salesforce rejects it.
/// </summary>
internal sealed class SalesforceSession(HttpClient http, SalesforceOptions options)
{
    private readonly Lock _gate = new();
    private Task<Token>? _token;

    /// <summary>
    /// The current token, fetched when there is none, when the last fetch failed, or when <paramref name="rejected"/>
    /// is the one Salesforce refused. Concurrent callers share one fetch.
    /// </summary>
    public Task<Token> GetAsync(Token? rejected, CancellationToken cancellationToken)
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
        using HttpResponseMessage response = await http.PostAsync(new Uri(options.LoginUrl, "services/oauth2/token"), form, cancellationToken);
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
    internal sealed record Token(string AccessToken, Uri InstanceUrl);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("instance_url")] string? InstanceUrl);
}
