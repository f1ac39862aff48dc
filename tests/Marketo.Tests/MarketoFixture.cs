using System.Globalization;
using System.Text.Json.Nodes;
using JourneyFunctions.FakeMarketo;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>A fake Marketo with one static list of leads, and clients for it with short retry delays.</summary>
internal sealed class MarketoFixture : IAsyncDisposable
{
    public const long ListId = 1001;

    private readonly List<HttpClient> _http = [];

    private MarketoFixture(FakeMarketoServer server) => Server = server;

    public FakeMarketoServer Server { get; }

    public static async Task<MarketoFixture> StartAsync(int leads = 0, FakeMarketoLimits? limits = null)
    {
        var fixture = new MarketoFixture(await FakeMarketoServer.StartAsync(limits));
        fixture.Server.AddListLeads(ListId, Enumerable.Range(1, leads).Select(Lead));
        return fixture;
    }

    /// <summary>Lead <paramref name="id"/>: every mapped field set, owned by a seller when the id is odd.</summary>
    public static JsonObject Lead(int id) => new()
    {
        ["id"] = id,
        ["firstName"] = "First" + id,
        ["lastName"] = "Last" + id,
        ["email"] = string.Create(CultureInfo.InvariantCulture, $"lead{id % 50}@example.com"),
        ["phone"] = "+1555" + id,
        ["company"] = "Company",
        ["title"] = "Buyer",
        ["sfdcContactId"] = "003" + id,
        ["sfdcLeadId"] = "00Q" + id,
        ["sfdcAccountId"] = "001" + id,
        ["sfdcOpptyId"] = "006" + id,
        ["linkedInProfileUrl"] = "https://www.linkedin.com/in/lead" + id,
        ["leadSource"] = "Webinar",
        ["sfdcLeadOwnerId"] = id % 2 == 1 ? "005SELLER" : null,
        ["sfdcContactOwnerId"] = null,
        ["unsubscribed"] = false,
        ["updatedAt"] = "2026-11-01T10:00:00Z",
        ["favoriteColor"] = "not synced",
    };

    /// <param name="options">The client's options (default <see cref="Options"/>).</param>
    /// <param name="timeout">The HTTP client's timeout (default 100 s).</param>
    public MarketoClient Client(MarketoOptions? options = null, TimeSpan? timeout = null)
    {
        var http = new HttpClient { Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        _http.Add(http);
        return MarketoClient.Create(http, options ?? Options(), TimeProvider.System);
    }

    public MarketoOptions Options() => new()
    {
        BaseUrl = Server.BaseUrl,
        ClientId = FakeMarketoServer.ClientId,
        ClientSecret = FakeMarketoServer.ClientSecret,
        StaticListId = ListId,
        RetryDelay = TimeSpan.FromMilliseconds(20),
        MaxRetryDelay = TimeSpan.FromMilliseconds(500),
    };

    public async ValueTask DisposeAsync()
    {
        foreach (HttpClient http in _http)
        {
            http.Dispose();
        }

        await Server.DisposeAsync();
    }
}
