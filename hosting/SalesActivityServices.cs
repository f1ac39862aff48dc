using Azure.Messaging.ServiceBus;
using JourneyFunctions.Domain.Messaging;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Handlers.Sales;
using JourneyFunctions.Handlers.SalesActivities;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Marketo;
using JourneyFunctions.Salesforce;
using JourneyFunctions.Storage.Messaging;
using JourneyFunctions.Storage.SalesActivities;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Hosting;

/// <summary>
/// The sales activity pipeline's services, chosen by settings: Service Bus (managed identity) when a namespace is set,
/// else storage queues; Salesforce over REST when a login URL is set (and then its inbound poll), else local tables. Marketing activities go to
/// Marketo when its connection and custom activity type ids are set, else to the local table log
/// (<see cref="TableMarketingActivityLog"/>).
/// </summary>
public static class SalesActivityServices
{
    public static IServiceCollection AddSalesActivities(this IServiceCollection services, AppSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (settings.Marketo is { ActivityTypeIds.Count: > 0 })
        {
            // Marketo is the marketing side; the local table is its write-once ledger.
            services.AddSingleton<IMarketingActivityLog>(sp => new MarketoActivityLog(sp.GetRequiredService<MarketoClient>(), sp.GetRequiredService<TableMarketingActivityLog>(), sp.GetRequiredService<TimeProvider>()));
        }
        else
        {
            services.AddSingleton<IMarketingActivityLog>(sp => sp.GetRequiredService<TableMarketingActivityLog>());
        }
        services.AddSingleton<TableMarketingUnsubscribeStatus>();
        if (settings.Marketo is not null)
        {
            // People synced from Marketo are not in the local store: their status is asked of Marketo.
            services.AddSingleton<IMarketingUnsubscribeStatus, MarketoUnsubscribeStatus>();
            services.AddSingleton<IPersonMarketingActivities>(sp => new MarketoPersonActivities(sp.GetRequiredService<MarketoClient>(), settings.MarketoMomentActivityTypeId));
        }
        else
        {
            services.AddSingleton<IMarketingUnsubscribeStatus>(sp => sp.GetRequiredService<TableMarketingUnsubscribeStatus>());
            services.AddSingleton<IPersonMarketingActivities, LocalPersonMarketingActivities>();
        }

        if (settings.SalesforceLoginUrl is { } loginUrl)
        {
            var options = new SalesforceOptions(
                loginUrl,
                settings.SalesforceClientId ?? throw new InvalidOperationException($"Setting '{AppSettings.SalesforceClientIdName}' is required with '{AppSettings.SalesforceLoginUrlName}'."),
                settings.SalesforceClientSecret ?? throw new InvalidOperationException($"Setting '{AppSettings.SalesforceClientSecretName}' is required with '{AppSettings.SalesforceLoginUrlName}'."),
                settings.SalesforceApiVersion);
            // One session (token) for the org: the activity log writes through it and the inbound poll reads through it.
            services.AddSingleton(_ => new SalesforceSession(new HttpClient(), options));
            services.AddSingleton<ISalesforceActivityLog>(sp => new SalesforceRestActivityLog(sp.GetRequiredService<SalesforceSession>(), options));
            services.AddSingleton<ISalesforceChanges>(sp => new SalesforceChangeReader(sp.GetRequiredService<SalesforceSession>(), options));
        }
        else
        {
            services.AddSingleton<ISalesforceActivityLog, TableSalesforceActivityLog>();
        }

        if (settings.ServiceBusNamespace is { } serviceBus)
        {
            services.AddSingleton(_ => new ServiceBusClient(serviceBus, settings.ServiceBusCredential));
            services.AddSingleton<ISalesActivityPublisher>(sp =>
                new ServiceBusSalesActivityPublisher(sp.GetRequiredService<ServiceBusClient>().CreateSender(SalesActivityTopic.Name)));
            services.AddHostedService<ServiceBusSubscriptionService>();
        }
        else
        {
            services.AddSingleton<ISalesActivityPublisher, QueueSalesActivityPublisher>();
        }

        services.AddSingleton<RecordSalesActivityHandler>();
        services.AddSingleton<ListSalesActivitiesHandler>();
        services.AddSingleton<ListMarketingActivitiesHandler>();
        services.AddSingleton<UnsubscribeHandler>();
        services.AddSingleton<MarketingActivityLogHandler>();
        services.AddSingleton<SalesforceActivityLogHandler>();
        services.AddSingleton<SalesforceInboundTimerHandler>();
        services.AddSingleton<ISalesActivitySubscriber>(sp => sp.GetRequiredService<MarketingActivityLogHandler>());
        services.AddSingleton<ISalesActivitySubscriber>(sp => sp.GetRequiredService<SalesforceActivityLogHandler>());
        // Without a namespace there is no ServiceBusClient and the drain does nothing (the queue triggers deliver).
        services.AddSingleton(sp => new SalesActivityDrainHandler(
            sp.GetService<ServiceBusClient>(), sp.GetServices<ISalesActivitySubscriber>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<SalesActivityDrainHandler>>()));
        return services;
    }
}
