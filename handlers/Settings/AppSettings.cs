using System.Globalization;
using JourneyFunctions.Domain.Storage;
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

    /// <summary>
    /// The names above, for checks that every setting is documented and deployed: tests/Operations.Tests fails until a
    /// name listed here is in local.settings.sample.json and set by infra/ (a "Name__sub" key counts for "Name").
    /// </summary>
    public static IReadOnlyList<string> Names { get; } =
        [StorageConnectionName, TaskHubNameName, JourneyBatchSizeName, SyncPageSizeName, InitialSyncScheduleName];

    /// <summary>The app's storage account: <c>AzureWebJobsStorage</c>, a connection string or identity-based (see <see cref="StorageSetting"/>).</summary>
    public required StorageConnection Storage { get; init; }

    public string TaskHubName { get; init; } = "JourneyFunctions";

    /// <summary>Accounts per batch orchestration.</summary>
    public int JourneyBatchSize { get; init; } = 100;

    /// <summary>Marketing people read per initial-sync page.</summary>
    public int SyncPageSize { get; init; } = 1000;

    /// <summary>NCRONTAB (with seconds) of the initial-sync timer.</summary>
    public string InitialSyncSchedule { get; init; } = "0 */1 * * * *";

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
        };
    }

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
