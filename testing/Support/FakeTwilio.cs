using System.Collections.Concurrent;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Testing;

/// <summary>
/// Twilio's Create Message endpoint on a free loopback port, holding to its contract:
/// <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c> with Basic auth (sid:token; 401 code 20003 otherwise), a form
/// with <c>To</c>, <c>From</c> and <c>Body</c>; a <c>To</c> that is not E.164 is refused with 400 code 21211; 201 with
/// the message <c>sid</c> and <c>status: queued</c> when accepted; scripted 429 (with <c>Retry-After</c>), 4xx and 5xx.
/// </summary>
public sealed partial class FakeTwilio : IAsyncDisposable
{
    public const string AccountSid = "AC00000000000000000000000000000001";
    public const string AuthToken = "fake-token";
    public const string From = "+14155550100";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<(string To, string Body)> _accepted = new();
    private int _calls;

    private FakeTwilio(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ScriptedFailures Failures { get; } = new();

    public IReadOnlyCollection<(string To, string Body)> Accepted => _accepted;

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<FakeTwilio> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var fake = new FakeTwilio(app);
        app.MapPost("/2010-04-01/Accounts/{sid}/Messages.json", (Delegate)fake.CreateAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First() + "/");
        return fake;
    }

    private async Task<IResult> CreateAsync(HttpContext context, string sid)
    {
        Interlocked.Increment(ref _calls);
        string expected = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes($"{AccountSid}:{AuthToken}"));
        if (sid != AccountSid || context.Request.Headers.Authorization.ToString() != expected)
        {
            return Error(401, 20003, "Authenticate");
        }

        if (Failures.Next() is { } failure)
        {
            if (failure.Status == 429)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Error(failure.Status, failure.Status == 429 ? 20429 : 20500, $"scripted {failure.Status}");
        }

        IFormCollection form = await context.Request.ReadFormAsync();
        string to = form["To"].ToString(), from = form["From"].ToString(), body = form["Body"].ToString();
        if (!E164().IsMatch(to))
        {
            return Error(400, 21211, $"The 'To' number {to} is not a valid phone number.");
        }

        if (from != From)
        {
            return Error(400, 21606, $"The From phone number {from} is not a valid, SMS-capable inbound phone number or short code for your account.");
        }

        if (body.Length is 0 or > 1600)
        {
            return Error(400, 21602, "Message body is required and must be at most 1600 characters.");
        }

        _accepted.Enqueue((to, body));
        string messageSid = "SM" + Guid.NewGuid().ToString("N");
        return Results.Json(new { sid = messageSid, account_sid = sid, to, from, body, status = "queued", num_segments = "1", direction = "outbound-api" }, statusCode: 201);
    }

    private static IResult Error(int status, int code, string message) =>
        Results.Json(new { code, message, more_info = $"https://www.twilio.com/docs/errors/{code}", status }, statusCode: status);

    [GeneratedRegex(@"^\+[1-9][0-9]{7,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
