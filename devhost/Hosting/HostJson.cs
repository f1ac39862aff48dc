using System.Text.Json;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Reads the settings of host.json that the local host honours as the Functions host would.</summary>
public static class HostJson
{
    public static int MaxDequeueCount(string repositoryRoot) => Extension(repositoryRoot, "queues", "maxDequeueCount", 5);

    /// <summary>Messages a queue trigger takes at once (queues.batchSize; the Functions default is 16).</summary>
    public static int QueueBatchSize(string repositoryRoot) => Extension(repositoryRoot, "queues", "batchSize", 16);

    /// <summary>How long a failed message stays invisible before its next try (queues.visibilityTimeout; the Functions default is none).</summary>
    public static TimeSpan QueueVisibilityTimeout(string repositoryRoot) =>
        Setting(repositoryRoot, "queues", "visibilityTimeout") is { } value ? TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : TimeSpan.Zero;

    /// <summary>The queue message encoding the trigger expects (queues.messageEncoding; the Functions default is base64).</summary>
    public static string QueueMessageEncoding(string repositoryRoot) => Setting(repositoryRoot, "queues", "messageEncoding")?.GetString() ?? "base64";

    /// <summary>Activities one host runs at once (durableTask.maxConcurrentActivityFunctions).</summary>
    public static int MaxConcurrentActivities(string repositoryRoot) => Extension(repositoryRoot, "durableTask", "maxConcurrentActivityFunctions", 10);

    /// <summary>Orchestrations one host runs at once (durableTask.maxConcurrentOrchestratorFunctions).</summary>
    public static int MaxConcurrentOrchestrations(string repositoryRoot) => Extension(repositoryRoot, "durableTask", "maxConcurrentOrchestratorFunctions", 10);

    /// <summary>
    /// The longest pause between polls of an empty Durable control or work-item queue (durableTask.storageProvider
    /// .maxQueuePollingInterval; the Functions default is 30 s): bounds how long an idle orchestration takes to see an event.
    /// </summary>
    public static TimeSpan DurableMaxQueuePollingInterval(string repositoryRoot) =>
        Setting(repositoryRoot, "durableTask", "storageProvider") is { } provider && provider.TryGetProperty("maxQueuePollingInterval", out JsonElement value)
            ? TimeSpan.Parse(value.GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            : TimeSpan.FromSeconds(30);

    private static int Extension(string repositoryRoot, string extension, string setting, int fallback) =>
        Setting(repositoryRoot, extension, setting)?.GetInt32() ?? fallback;

    private static JsonElement? Setting(string repositoryRoot, string extension, string setting)
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out JsonElement extensions)
            && extensions.TryGetProperty(extension, out JsonElement section)
            && section.TryGetProperty(setting, out JsonElement value)
                ? value.Clone()
                : null;
    }
}
