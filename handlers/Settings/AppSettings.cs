using System.Globalization;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.SalesActivities;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Handlers.Settings;

/// <summary>
/// Every app setting the code reads, by name. Both hosts read them from configuration
/// (app settings in Azure, <c>local.settings.json</c> "Values" locally), with the defaults below.
/// </summary>
public sealed class AppSettings
{
    public const string StorageConnectionName = "AzureWebJobsStorage";
    public const string TaskHubNameName = "TaskHubName";
    public const string JourneyBatchSizeName = "JourneyBatchSize";
    public const string SyncPageSizeName = "SyncPageSize";
    public const string InitialSyncScheduleName = "InitialSyncSchedule";
    /// <summary>The Service Bus connection, identity-based: <c>ServiceBus__fullyQualifiedNamespace</c>, <c>__credential</c>, <c>__clientId</c>.</summary>
    public const string ServiceBusName = "ServiceBus";
    public const string SalesforceTaskTypesName = "SalesforceTaskTypes";
    public const string CheckMarketingUnsubscribeName = "CheckMarketingUnsubscribe";
    public const string SalesforceLoginUrlName = "SalesforceLoginUrl";
    public const string SalesforceClientIdName = "SalesforceClientId";
    public const string SalesforceClientSecretName = "SalesforceClientSecret";
    public const string SalesforceApiVersionName = "SalesforceApiVersion";

    /// <summary>
    /// The names above, for checks that every setting is documented and deployed: tests/Operations.Tests fails until a
    /// name listed here is in local.settings.sample.json and set by infra/ (a "Name__sub" key counts for "Name").
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        StorageConnectionName, TaskHubNameName, JourneyBatchSizeName, SyncPageSizeName, InitialSyncScheduleName,
        ServiceBusName, SalesforceTaskTypesName, CheckMarketingUnsubscribeName,
        SalesforceLoginUrlName, SalesforceClientIdName, SalesforceClientSecretName, SalesforceApiVersionName,
    ];

    /// <summary>The app's storage account: <c>AzureWebJobsStorage</c>, a connection string or identity-based (see <see cref="StorageSetting"/>).</summary>
    public required StorageConnection Storage { get; init; }

    public string TaskHubName { get; init; } = "JourneyFunctions";

    /// <summary>Accounts per batch orchestration.</summary>
    public int JourneyBatchSize { get; init; } = 100;

    /// <summary>Marketing people read per initial-sync page.</summary>
    public int SyncPageSize { get; init; } = 1000;

    /// <summary>NCRONTAB (with seconds) of the initial-sync timer.</summary>
    public string InitialSyncSchedule { get; init; } = "0 */1 * * * *";

    /// <summary>
    /// The Service Bus namespace (<c>name.servicebus.windows.net</c>) reached with the app's managed identity; when
    /// empty, sales activities travel on storage queues instead (the local host, which has no Service Bus).
    /// </summary>
    public string? ServiceBusNamespace { get; init; }

    /// <summary>Who the app signs in to Service Bus as: the managed identity named by <c>ServiceBus__credential</c>/<c>__clientId</c>, else the default chain.</summary>
    public Azure.Core.TokenCredential? ServiceBusCredential { get; init; }

    /// <summary>The sales activity types an admin chose to log to Salesforce as tasks.</summary>
    public IReadOnlySet<SalesActivityType> SalesforceTaskTypes { get; init; } =
        new HashSet<SalesActivityType> { SalesActivityType.SendSalesEmail, SalesActivityType.ReceiveSalesCall, SalesActivityType.ReminderTask };

    /// <summary>Whether a seller may send a sales email only to a person marketing has as subscribed.</summary>
    public bool CheckMarketingUnsubscribe { get; init; }

    /// <summary>The Salesforce org (login URL and connected app); when the login URL is empty, tasks go to local tables.</summary>
    public string? SalesforceLoginUrl { get; init; }

    public string? SalesforceClientId { get; init; }

    public string? SalesforceClientSecret { get; init; }

    public string SalesforceApiVersion { get; init; } = "62.0";

    public static AppSettings From(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        StorageConnection storage = StorageSetting.Read(configuration, StorageConnectionName);
        var defaults = new AppSettings { Storage = storage };
        return new AppSettings
        {
            Storage = storage,
            TaskHubName = configuration[TaskHubNameName] ?? defaults.TaskHubName,
            JourneyBatchSize = Positive(configuration, JourneyBatchSizeName, defaults.JourneyBatchSize),
            SyncPageSize = Positive(configuration, SyncPageSizeName, defaults.SyncPageSize),
            InitialSyncSchedule = configuration[InitialSyncScheduleName] ?? defaults.InitialSyncSchedule,
            ServiceBusNamespace = Sub(configuration, ServiceBusName, "fullyQualifiedNamespace"),
            ServiceBusCredential = Sub(configuration, ServiceBusName, "fullyQualifiedNamespace") is null
                ? null
                : EntraCredential.For(Sub(configuration, ServiceBusName, "credential"), Sub(configuration, ServiceBusName, "clientId")),
            SalesforceTaskTypes = configuration[SalesforceTaskTypesName] is { } types ? ActivityTypes(types) : defaults.SalesforceTaskTypes,
            CheckMarketingUnsubscribe = Flag(configuration, CheckMarketingUnsubscribeName),
            SalesforceLoginUrl = NonEmpty(configuration, SalesforceLoginUrlName),
            SalesforceClientId = NonEmpty(configuration, SalesforceClientIdName),
            SalesforceClientSecret = NonEmpty(configuration, SalesforceClientSecretName),
            SalesforceApiVersion = NonEmpty(configuration, SalesforceApiVersionName) ?? defaults.SalesforceApiVersion,
        };
    }

    /// <summary>A setting's value, or null when unset or empty.</summary>
    private static string? NonEmpty(IConfiguration configuration, string name) =>
        configuration[name] is { Length: > 0 } value ? value : null;

    /// <summary>
    /// A <c>Name__sub</c> setting, in both spellings: environment variables arrive as the section <c>Name:sub</c>,
    /// local.settings Values loaded by the local host as written.
    /// </summary>
    private static string? Sub(IConfiguration configuration, string name, string sub) =>
        NonEmpty(configuration, $"{name}:{sub}") ?? NonEmpty(configuration, $"{name}__{sub}");

    private static bool Flag(IConfiguration configuration, string name) =>
        configuration[name] switch
        {
            null or "" => false,
            string text when bool.TryParse(text, out bool value) => value,
            string text => throw new InvalidOperationException($"Setting '{name}' must be true or false (got '{text}')."),
        };

    /// <summary>A comma-separated list of sales activity types, e.g. <c>sendSalesEmail,receiveSalesCall</c>.</summary>
    private static HashSet<SalesActivityType> ActivityTypes(string text) =>
        text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(name => Enum.TryParse(name, ignoreCase: true, out SalesActivityType type)
                ? type
                : throw new InvalidOperationException($"Setting '{SalesforceTaskTypesName}' names an unknown sales activity type '{name}' (known: {string.Join(", ", Enum.GetNames<SalesActivityType>())})."))
            .ToHashSet();

    private static int Positive(IConfiguration configuration, string name, int fallback)
    {
        string? text = configuration[name];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out int value) && value > 0
            ? value
            : throw new InvalidOperationException($"Setting '{name}' must be a positive whole number (got '{text}').");
    }
}
