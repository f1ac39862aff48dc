using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using JourneyFunctions.Domain.Web;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The OAuth client-credentials access token (Marketo: 3600 s life), shared by every call: fetched once, reused
/// until shortly before it expires, and fetched again when Marketo answers 601/602 for it. A fetch that failed at the
/// gateway carries its HTTP status as <see cref="MarketoApiException.Code"/> (502 for no answer), so the client retries it.
/// </summary>
public sealed class MarketoTokenProvider(HttpClient http, MarketoOptions options, TimeProvider clock) : IDisposable
{
    /// <summary>A token this close to its end is renewed first, so a call never starts with one about to lapse.</summary>
    private static readonly TimeSpan RenewBefore = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _renewing = new(1, 1);
    private volatile Token? _current;

    /// <summary>How many tokens were fetched (for tests and the benchmark).</summary>
    public int Fetched { get; private set; }

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (Valid(_current) is { } token)
        {
            return token;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (Valid(_current) is { } renewed)
            {
                return renewed;
            }

            string query = string.Create(CultureInfo.InvariantCulture,
                $"identity/oauth/token?grant_type=client_credentials&client_id={Uri.EscapeDataString(options.ClientId)}&client_secret={Uri.EscapeDataString(options.ClientSecret)}");
            HttpResponseMessage response;
            try
            {
                response = await http.GetAsync(ApiAddress.Under(options.BaseUrl, query), cancellationToken);
            }
            catch (HttpRequestException e) when (e.StatusCode is null)
            {
                // A refused or reset connection: a gateway failure to the client, which retries it as it does a call's.
                throw MarketoApiException.As((int)HttpStatusCode.BadGateway, $"no answer from Marketo for an access token: {e.Message}");
            }

            using (response)
            {
                TokenResponse? body = await TokenOfAsync(response, cancellationToken);
                if (!response.IsSuccessStatusCode || body?.AccessToken is not { Length: > 0 })
                {
                    string why = body?.ErrorDescription ?? body?.Error ?? (body is null ? "an answer that is not Marketo's JSON" : "no token");
                    // Only a gateway's status is a code the client retries; any other (a 401 for a rotated secret, a 500)
                    // keeps code 0, which is no refusal of the call: the activity fails and Durable tries it again.
                    int status = (int)response.StatusCode;
                    throw MarketoApiException.As(status is 502 or 503 or 504 ? status : 0, $"Marketo gave no access token (HTTP {status}): {why}");
                }

                _current = new Token(body.AccessToken, clock.GetUtcNow().AddSeconds(body.ExpiresIn));
                Fetched++;
                return body.AccessToken;
            }
        }
        finally
        {
            _renewing.Release();
        }
    }

    /// <summary>Marketo rejected <paramref name="token"/> (601/602): forget it unless another caller already replaced it.</summary>
    public void Invalidate(string token)
    {
        Token? current = _current;
        if (current is not null && current.Value == token)
        {
            _current = null;
        }
    }

    public void Dispose() => _renewing.Dispose();

    /// <summary>The identity answer, or null for a body that is no JSON (a gateway's error page, an empty 500): the HTTP status then says what went wrong.</summary>
    private static async Task<TokenResponse?> TokenOfAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<TokenResponse>(cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private string? Valid(Token? token) => token is not null && token.ExpiresAt - RenewBefore > clock.GetUtcNow() ? token.Value : null;

    private sealed record Token(string Value, DateTimeOffset ExpiresAt);

    private sealed record TokenResponse(
        [property: JsonPropertyName("access_token")] string? AccessToken,
        [property: JsonPropertyName("expires_in")] int ExpiresIn,
        [property: JsonPropertyName("error")] string? Error,
        [property: JsonPropertyName("error_description")] string? ErrorDescription);
}
