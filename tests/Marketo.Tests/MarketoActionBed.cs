using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Delivery;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>
/// Journey actions against the fake Marketo: real stores on Azurite, people whose ids are Marketo lead ids unique to
/// the test (account a, person p = lead <c>Base + a*100 + p</c>), the same leads in the fake, and the Marketo adapter
/// configured as connection <see cref="Connection"/>. Person 0 of each account is unsubscribed; the last person of
/// account 0 is not in Marketo.
/// </summary>
internal sealed class MarketoActionBed : IAsyncDisposable
{
    public const string Connection = "Marketo Production";
    private static readonly StorageAccount Storage = new(TestStorage.ConnectionString);
    private static readonly Lazy<Task> Created = new(() => Storage.EnsureCreatedAsync());
    private readonly int _accounts;
    private readonly int _people;

    private MarketoActionBed(MarketoFixture marketo, MarketoClient client, int accounts, int people, int? momentTypeId, Func<IMarketoEngage, IMarketoEngage>? wrap)
    {
        Marketo = marketo;
        Client = client;
        _accounts = accounts;
        _people = people;
        Prefix = "m" + Guid.NewGuid().ToString("N")[..10];
        Base = Random.Shared.NextInt64(1_000_000, 1_000_000_000) * 1000;
        Services = new ServiceCollection()
            .AddSingleton(TimeProvider.System).AddSingleton<IPeopleStore>(People).AddSingleton<IEffectStore>(Effects)
            .AddSingleton<IMarketoEngageStore>(new MarketoEngageStore(Storage)).AddSingleton<IInterestingMomentStore>(new InterestingMomentStore(Storage))
            .AddSingleton<IOutboxStore>(new OutboxStore(Storage)).AddSingleton<IJourneyStore>(Versions).AddSingleton<IJourneyEventPublisher>(new JourneyEventPublisher(Storage))
            .AddSingleton((wrap ?? (m => m))(new MarketoEngage(client, new MarketoNames(client, TimeProvider.System), Ledger, TimeProvider.System, Connection, momentTypeId)))
            .BuildServiceProvider();
    }

    public MarketoFixture Marketo { get; }

    /// <summary>The versions the bed's requests run (their node's settings).</summary>
    public ActionVersions Versions { get; } = new();

    public MarketoClient Client { get; }

    public string Prefix { get; }

    public long Base { get; }

    public PeopleStore People { get; } = new(Storage);

    public EffectStore Effects { get; } = new(Storage);

    public DeliveryLedger Ledger { get; } = new(Storage);

    public IServiceProvider Services { get; }

    /// <param name="wrap">Decorates the Marketo adapter the actions get (to make it refuse a lookup, say).</param>
    public static async Task<MarketoActionBed> CreateAsync(
        int accounts = 3, int people = 4, int? momentTypeId = null, Func<MarketoOptions, MarketoOptions>? tune = null, Func<IMarketoEngage, IMarketoEngage>? wrap = null)
    {
        await Created.Value;
        MarketoFixture marketo = await MarketoFixture.StartAsync();
        var bed = new MarketoActionBed(marketo, marketo.Client((tune ?? (o => o))(marketo.Options())), accounts, people, momentTypeId, wrap);
        marketo.Server.AddLeads(bed.AllPeople().Where(id => id != bed.NotInMarketo).Select(id => new JsonObject
        {
            ["id"] = long.Parse(id, CultureInfo.InvariantCulture),
            ["email"] = id + "@example.com",
            ["title"] = "Buyer",
            ["engagementScore"] = 10.0,
        }));
        await bed.People.UpsertAsync(Enumerable.Range(0, accounts).SelectMany(a => Enumerable.Range(0, people).Select(p => new TableEntity(bed.AccountId(a), bed.PersonId(a, p))
        {
            [PersonFields.Email] = bed.PersonId(a, p) + "@example.com",
            [PersonFields.Unsubscribed] = p == 0,
        })));
        return bed;
    }

    /// <summary>The one person on the path that Marketo does not know.</summary>
    public string NotInMarketo => PersonId(0, _people - 1);

    public string AccountId(int a) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-a{a}");

    public string PersonId(int a, int p) => (Base + (a * 100) + p).ToString(CultureInfo.InvariantCulture);

    public long LeadId(int a, int p) => Base + (a * 100) + p;

    public List<string> AllPeople() => [.. Enumerable.Range(0, _accounts).SelectMany(a => Enumerable.Range(0, _people).Select(p => PersonId(a, p)))];

    public List<long> AllLeads() => [.. AllPeople().Where(p => p != NotInMarketo).Select(p => long.Parse(p, CultureInfo.InvariantCulture))];

    public ActionRequest Request(string action, string settingsJson, string runId = "run", string node = "n1") =>
        new(Prefix + "-" + runId, Prefix + "-journey", Versions.Add(Prefix + "-journey", node, action, settingsJson), node, action,
            [.. Enumerable.Range(0, _accounts).Select(AccountId)]);

    public Task<ActionResult> ApplyAsync(ActionRequest request) => new ApplyPeopleActionActivity(Services).RunAsync(request, CancellationToken.None);

    /// <summary>Applies the request until it succeeds, as Durable's retry policy would (at most 10 attempts).</summary>
    public async Task<ActionResult> ApplyWithRetriesAsync(ActionRequest request)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyAsync(request);
            }
            catch (Exception) when (attempt < 10)
            {
                await Task.Delay(50 * attempt);
            }
        }
    }

    public Task<List<Effect>> EffectsAsync(ActionRequest request) => Effects.GetRunEffectsAsync(request.RunId);

    public Task<List<ValidationProblem>> CheckReferencesAsync(string nodeJson) =>
        new JourneyReferenceChecker(Services).CheckAsync(JsonSerializer.Deserialize<JourneyDefinition>($$"""{ "nodes": [ {{nodeJson}} ], "edges": [] }""", Domain.Json.JsonDefaults.Options)!);

    public ValueTask DisposeAsync() => Marketo.DisposeAsync();
}
