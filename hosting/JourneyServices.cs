using JourneyFunctions.Activities;
using JourneyFunctions.Activities.Actions;
using JourneyFunctions.Activities.Journeys;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Delivery;
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
using JourneyFunctions.Handlers.Events;
using JourneyFunctions.Handlers.Journeys;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Handlers.Sales;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Handlers.Ui;
using JourneyFunctions.Marketo;
using JourneyFunctions.Storage;
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
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace JourneyFunctions.Hosting;

/// <summary>The services both hosts share: settings, stores, activities and handlers.</summary>
public static class JourneyServices
{
    /// <summary>The service key of the people source the sync's dry run reads.</summary>
    public const string DryRunSource = "dryRun";

    public static IServiceCollection AddJourneyFunctions(this IServiceCollection services, AppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        services.AddSingleton(settings);
        services.AddSingleton(settings.Handlers);
        services.AddSingleton(TimeProvider.System);
        services.AddJourneyStorage(new StorageAccount(settings.Storage), settings.TaskHubName, settings.SyncDefaults);
        services.AddHostedService<StorageCreation>();
        services.AddSingleton<JourneyReferenceChecker>();
        AddPeopleSource(services, settings);

        services.AddSingleton<ActivityRunner>();
        services.AddSingleton<LoadJourneyVersionActivity>();
        services.AddSingleton<SnapshotAudienceActivity>();
        services.AddSingleton<LoadAudienceBatchActivity>();
        services.AddSingleton<CountBatchPeopleActivity>();
        services.AddSingleton<EvaluateAccountSplitActivity>();
        services.AddSingleton<EvaluatePeopleSplitActivity>();
        services.AddSingleton<ReleaseAccountsActivity>();
        services.AddSingleton<EndJourneyRunActivity>();
        services.AddSingleton<RecordNodePositionsActivity>();
        services.AddSingleton<ApplyAccountActionActivity>();
        services.AddSingleton<ApplyPeopleActionActivity>();

        services.AddSingleton<SyncInitialPageActivity>();
        services.AddSingleton<CountSyncSourceActivity>();
        services.AddSingleton<ReadSyncThrottleActivity>();
        services.AddSingleton<StartSyncRunActivity>();
        services.AddSingleton<SweepSalesPeopleActivity>();
        services.AddSingleton<EndSyncRunActivity>();

        services.AddSingleton<ValidDraft>();
        services.AddSingleton<CreateJourneyHandler>();
        services.AddSingleton<GetJourneyHandler>();
        services.AddSingleton<GetJourneyVersionHandler>();
        services.AddSingleton<NodeAccountsHandler>();
        services.AddSingleton<NodeEffectsHandler>();
        services.AddSingleton<UiFilesHandler>();
        services.AddSingleton<PublishJourneyHandler>();
        services.AddSingleton<UpdateJourneyHandler>();
        services.AddSingleton<ValidateJourneyHandler>();
        services.AddSingleton<ListJourneysHandler>();
        services.AddSingleton<CloseJourneyHandler>();
        services.AddSingleton<AbortJourneyHandler>();
        services.AddSingleton<JourneyRuns>();
        services.AddSingleton<ListRunsHandler>();
        services.AddSingleton<RunEventsHandler>();
        services.AddSingleton<GetRunStatusHandler>();
        services.AddSingleton<JourneyRunStarter>();
        services.AddSingleton<StartRunHandler>();
        services.AddSingleton<JourneyCommandQueueHandler>();
        services.AddSingleton<InitialSyncStarter>();
        services.AddSingleton<InitialSyncTimerHandler>();
        services.AddSingleton(sp => new SyncDryRun(sp.GetRequiredKeyedService<IPeopleSource>(DryRunSource), sp.GetRequiredService<SalesPeopleStore>()));
        services.AddSingleton<StartInitialSyncHandler>();
        services.AddSingleton<GetSyncStatusHandler>();
        services.AddSingleton<SyncSettingsHandler>();
        services.AddSingleton<ListSyncSettingsHistoryHandler>();
        services.AddSingleton<ListSyncRunsHandler>();
        services.AddSingleton<ListSyncRejectionsHandler>();
        services.AddSingleton<PersonChangeQueueHandler>();
        services.AddSingleton<PeopleChangesTimerHandler>();
        services.AddSingleton<GetSalesPersonHandler>();
        services.AddSingleton<ListSalesPeopleHandler>();
        return services.AddSalesActivities(settings).AddDelivery(settings).AddJourneyEvents();
    }

    /// <summary>
    /// The initial sync's source, by the <c>SyncSource</c> setting: the marketing table store, or Marketo's REST API;
    /// and the one Marketo client of the instance (sync, activity logging and journey actions share its limits).
    /// </summary>
    private static void AddPeopleSource(IServiceCollection services, AppSettings settings)
    {
        if (settings.Marketo is { } marketo)
        {
            services.AddSingleton(sp => MarketoClient.Create(new HttpClient { Timeout = TimeSpan.FromSeconds(100) }, marketo, sp.GetRequiredService<TimeProvider>()));
            services.AddSingleton<MarketoNames>();
        }

        if (settings.MarketoConnection is { } connection)
        {
            services.AddSingleton<IMarketoEngage>(sp => new MarketoEngage(
                sp.GetRequiredService<MarketoClient>(), sp.GetRequiredService<MarketoNames>(), sp.GetRequiredService<DeliveryLedger>(),
                sp.GetRequiredService<TimeProvider>(), connection, settings.MarketoMomentActivityTypeId));
        }

        if (settings.SyncSource == AppSettings.MarketoSource)
        {
            if (settings.Marketo?.BulkExtractSince is null)
            {
                services.AddSingleton<IPeopleSource, MarketoPeopleSource>();
            }
            else
            {
                services.AddSingleton<IPeopleSource, MarketoBulkPeopleSource>();
                // The dry run's export job is recorded apart, so a dry run during a sync leaves the sync's job alone.
                services.AddKeyedSingleton<IPeopleSource>(DryRunSource, (sp, _) => new MarketoBulkPeopleSource(
                    sp.GetRequiredService<MarketoClient>(), sp.GetRequiredService<SyncCheckpointStore>(), sp.GetRequiredService<TimeProvider>(), dryRun: true));
            }

            services.AddSingleton<IPeopleChangeFeed, MarketoChangeFeed>();
        }
        else
        {
            services.AddSingleton<IPeopleSource, PeopleTableSource>();
        }

        // Every other source keeps no state of its own between reads: the dry run reads through the sync's.
        services.TryAddKeyedSingleton<IPeopleSource>(DryRunSource, (sp, _) => sp.GetRequiredService<IPeopleSource>());
    }
}
