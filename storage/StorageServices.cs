using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Destinations;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Marketo;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.AccountLists;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.BuyingGroups;
using JourneyFunctions.Storage.Delivery;
using JourneyFunctions.Storage.Destinations;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Marketo;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.SalesActivities;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Storage;

/// <summary>
/// Every store on one storage account, each also registered as the model's interface for it (the one the take-action
/// types and reference checks ask for), so model and hosts resolve the same instance.
/// </summary>
public static class StorageServices
{
    /// <param name="services">The host's services.</param>
    /// <param name="storage">The storage account (tables and queues).</param>
    /// <param name="scope">The app's task hub: apps sharing a storage account keep their own sync state.</param>
    /// <param name="syncDefaults">The sync settings in force until an admin changes them.</param>
    public static IServiceCollection AddJourneyStorage(this IServiceCollection services, StorageAccount storage, string scope, SyncSettings syncDefaults)
    {
        services.AddSingleton(storage);
        Add<JourneyStore, IJourneyStore>(services);
        services.AddSingleton<AudienceStore>();
        services.AddSingleton<JourneyEntryStore>();
        services.AddSingleton<NodePositionStore>();
        services.AddSingleton<ListenerIndex>();
        Add<JourneyEventPublisher, IJourneyEventPublisher>(services);
        Add<JourneyCommandSender, IJourneyCommandSender>(services);
        Add<AccountStore, IAccountStore>(services);
        Add<PeopleStore, IPeopleStore>(services);
        Add<EffectStore, IEffectStore>(services);
        Add<AccountListStore, IAccountListStore>(services);
        Add<BuyingGroupStore, IBuyingGroupStore>(services);
        Add<DestinationStore, IDestinationStore>(services);
        Add<ExternalAudienceStore, IExternalAudienceStore>(services);
        Add<MarketoEngageStore, IMarketoEngageStore>(services);
        Add<InterestingMomentStore, IInterestingMomentStore>(services);
        Add<OutboxStore, IOutboxStore>(services);
        services.AddSingleton<DeliveryLedger>();
        services.AddSingleton<SalesActivityStore>();
        services.AddSingleton<TableMarketingActivityLog>();

        services.AddSingleton<SalesPeopleStore>();
        services.AddSingleton<SyncCheckpointStore>();
        services.AddSingleton(new SyncStartClaim(storage, scope));
        services.AddSingleton(sp => new SyncRunStore(storage, scope, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SyncRejectionStore(storage, scope, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SyncSettingsStore(storage, syncDefaults, scope, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISyncSettings>(sp => sp.GetRequiredService<SyncSettingsStore>());
        return services;
    }

    private static void Add<TStore, TModel>(IServiceCollection services)
        where TStore : class, TModel
        where TModel : class
    {
        services.AddSingleton<TStore>();
        services.AddSingleton<TModel>(sp => sp.GetRequiredService<TStore>());
    }
}
