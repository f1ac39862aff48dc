using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.BuyingGroups;
using JourneyFunctions.Storage.Destinations;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Activities.Tests;

/// <summary>
/// Real stores on Azurite with accounts and people unique to one test: account i has people 0..n-1; person 0 is
/// unsubscribed, person 1 has no email and no phone, the rest are reachable.
/// </summary>
public sealed class ActionBed
{
    /// <summary>The Azurite account, for stores a test builds itself.</summary>
    public static StorageAccount Storage { get; } = new(TestStorage.ConnectionString);
    private static readonly Lazy<Task> Created = new(() => Storage.EnsureCreatedAsync());

    private ActionBed()
    {
        Prefix = "t" + Guid.NewGuid().ToString("N")[..10];
        RunId = Prefix + "-run";
        JourneyId = Prefix + "-journey";
    }

    public string Prefix { get; }

    public string RunId { get; }

    public string JourneyId { get; }

    public TimeProvider Clock { get; } = TimeProvider.System;

    public AccountStore Accounts { get; } = new(Storage);

    public PeopleStore People { get; } = new(Storage);

    public EffectStore Effects { get; } = new(Storage);

    public AccountListStore Lists { get; } = new(Storage);

    public BuyingGroupStore BuyingGroups { get; } = new(Storage);

    public DestinationStore Destinations { get; } = new(Storage);

    public ExternalAudienceStore Audiences { get; } = new(Storage);

    public MarketoEngageStore Marketo { get; } = new(Storage);

    public InterestingMomentStore Moments { get; } = new(Storage);

    public OutboxStore Outbox { get; } = new(Storage);

    public JourneyStore Journeys { get; } = new(Storage);

    public JourneyCommandSender Commands { get; } = new(Storage);

    /// <summary>The versions the bed's requests run (their node's settings), beside the real journeys of <see cref="Journeys"/>.</summary>
    public ActionVersions Versions => _versions ??= new(Journeys);

    private ActionVersions? _versions;

    /// <summary>The bed's stores and clock as the hosts provide them to actions and reference checks.</summary>
    public IServiceProvider Services => _services ??= new ServiceCollection()
        .AddSingleton(Clock).AddSingleton<IAccountStore>(Accounts).AddSingleton<IPeopleStore>(People).AddSingleton<IEffectStore>(Effects)
        .AddSingleton<IAccountListStore>(Lists).AddSingleton<IBuyingGroupStore>(BuyingGroups).AddSingleton<IDestinationStore>(Destinations)
        .AddSingleton<IExternalAudienceStore>(Audiences).AddSingleton<IMarketoEngageStore>(Marketo).AddSingleton<IInterestingMomentStore>(Moments)
        .AddSingleton<IOutboxStore>(Outbox).AddSingleton<IJourneyStore>(Versions).AddSingleton<IJourneyCommandSender>(Commands)
        .AddSingleton<IJourneyEventPublisher>(new JourneyEventPublisher(Storage))
        .BuildServiceProvider();

    private IServiceProvider? _services;

    public static async Task<ActionBed> CreateAsync(int accounts = 2, int people = 4)
    {
        await Created.Value;
        var bed = new ActionBed();
        await bed.Accounts.UpsertAsync(Enumerable.Range(0, accounts).Select(a => (bed.AccountId(a), (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["Name"] = $"Company {a}",
            // Account 0 has an owner; account 1 a blank one, which is none; the rest an empty one.
            ["SalesOwnerEmail"] = a switch { 0 => "owner@example.com", 1 => "   ", _ => "" },
        })));
        await bed.People.UpsertAsync(Enumerable.Range(0, accounts).SelectMany(a => Enumerable.Range(0, people).Select(p => new TableEntity(bed.AccountId(a), bed.PersonId(a, p))
        {
            [PersonFields.FirstName] = $"First{p}",
            [PersonFields.Email] = p switch { 1 => "", 2 => $"  {bed.PersonId(a, p)}@example.com ", _ => $"{bed.PersonId(a, p)}@example.com" },
            [PersonFields.Phone] = p == 1 ? "12" : "+82 10-1234-567" + p.ToString(CultureInfo.InvariantCulture),
            [PersonFields.Unsubscribed] = p == 0,
        })));
        return bed;
    }

    public string AccountId(int a) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-a{a}");

    public string PersonId(int a, int p) => string.Create(CultureInfo.InvariantCulture, $"{Prefix}-p{a}-{p}");

    public IReadOnlyList<string> AllAccounts(int accounts = 2) => Enumerable.Range(0, accounts).Select(AccountId).ToList();

    /// <summary>An action request for the bed's accounts (or those given), with settings as JSON (a version of its own).</summary>
    public ActionRequest Request(string action, string settingsJson, IReadOnlyList<string>? accounts = null, string node = "n1", string? runId = null) =>
        new(runId ?? RunId, JourneyId, Versions.Add(JourneyId, node, action, settingsJson), node, action, accounts ?? AllAccounts());

    public async Task<List<Effect>> EffectsAsync(string? runId = null) => await Effects.GetRunEffectsAsync(runId ?? RunId);

    /// <summary>The dispatching activity of the request's action's scope, as the batch orchestration calls it.</summary>
    public IActivity<ActionRequest, ActionResult> ActivityFor(ActionRequest request) =>
        ActionCatalog.Find(request?.Action)?.Scope == ActionScope.Account ? new ApplyAccountActionActivity(Services) : new ApplyPeopleActionActivity(Services);

    /// <summary>Applies the request once through its scope's activity.</summary>
    public Task<ActionResult> ApplyAsync(ActionRequest request) => ActivityFor(request).RunAsync(request, CancellationToken.None);

    /// <summary>Applies the request twice, as Durable may after a lost completion, and returns both results.</summary>
    public async Task<(ActionResult First, ActionResult Retry)> RunTwiceAsync(ActionRequest request)
    {
        ActionResult first = await ApplyAsync(request);
        ActionResult retry = await ApplyAsync(request);
        return (first, retry);
    }
}
