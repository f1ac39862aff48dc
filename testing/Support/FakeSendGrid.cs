using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Testing;

/// <summary>
/// The SendGrid v3 Mail Send endpoint on a free loopback port, holding to its contract: <c>POST /v3/mail/send</c>
/// with <c>Authorization: Bearer {key}</c> (401 otherwise), a body with <c>from.email</c>, a personalization with a
/// <c>to</c> address, a subject and content (400 with <c>errors[]</c> otherwise); 202 with <c>X-Message-Id</c> when
/// accepted; scripted 429 (with <c>Retry-After</c>), 4xx and 5xx answers, and a 429 storm.
/// </summary>
public sealed class FakeSendGrid : IAsyncDisposable
{
    public const string ApiKey = "SG.fake-key";

    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _accepted = new();
    private int _calls;

    private FakeSendGrid(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = null!;

    public ScriptedFailures Failures { get; } = new();

    /// <summary>Every accepted mail body, in order.</summary>
    public IReadOnlyCollection<JsonObject> Accepted => _accepted;

    public int Calls => Volatile.Read(ref _calls);

    public static async Task<FakeSendGrid> StartAsync()
    {
        WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        WebApplication app = builder.Build();
        var fake = new FakeSendGrid(app);
        app.MapPost("/v3/mail/send", (Delegate)fake.SendAsync);
        await app.StartAsync();
        fake.BaseUrl = new Uri(app.Urls.First() + "/");
        return fake;
    }

    /// <summary>The accepted mails' custom arg <paramref name="name"/>, one per mail.</summary>
    public List<string> CustomArgs(string name) =>
        [.. _accepted.Select(m => (m["personalizations"]?[0]?["custom_args"]?[name] ?? m["custom_args"]?[name])?.GetValue<string>() ?? "")];

    private async Task<IResult> SendAsync(HttpContext context)
    {
        Interlocked.Increment(ref _calls);
        if (context.Request.Headers.Authorization.ToString() != "Bearer " + ApiKey)
        {
            return Errors(401, "The provided authorization grant is invalid, expired, or revoked");
        }

        if (Failures.Next() is { } failure)
        {
            if (failure.Status == 429)
            {
                context.Response.Headers.RetryAfter = failure.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Errors(failure.Status, failure.Status == 429 ? "too many requests" : $"scripted {failure.Status}");
        }

        JsonObject? mail = await System.Text.Json.JsonSerializer.DeserializeAsync<JsonObject>(context.Request.Body);
        string? to = mail?["personalizations"]?[0]?["to"]?[0]?["email"]?.GetValue<string>();
        if (mail?["from"]?["email"] is null || string.IsNullOrEmpty(to) || !to.Contains('@', StringComparison.Ordinal))
        {
            return Errors(400, "The to and from fields are required and must be valid email addresses.");
        }

        if ((mail["subject"] is null && mail["personalizations"]?[0]?["subject"] is null) || mail["content"] is not JsonArray { Count: > 0 })
        {
            return Errors(400, "The subject and content are required.");
        }

        _accepted.Enqueue(mail);
        context.Response.Headers["X-Message-Id"] = "sg-" + Guid.NewGuid().ToString("N")[..16];
        return Results.StatusCode(202);
    }

    private static IResult Errors(int status, string message) =>
        Results.Json(new { errors = new[] { new { message, field = (string?)null } } }, statusCode: status);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
