using System.Text.Json;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Reads the settings of host.json that the local host honours as the Functions host would.</summary>
internal static class HostJson
{
    public static int MaxDequeueCount(string repositoryRoot) => Extension(repositoryRoot, "queues", "maxDequeueCount", 5);

    /// <summary>Activities one host runs at once (durableTask.maxConcurrentActivityFunctions).</summary>
    public static int MaxConcurrentActivities(string repositoryRoot) => Extension(repositoryRoot, "durableTask", "maxConcurrentActivityFunctions", 10);

    /// <summary>Orchestrations one host runs at once (durableTask.maxConcurrentOrchestratorFunctions).</summary>
    public static int MaxConcurrentOrchestrations(string repositoryRoot) => Extension(repositoryRoot, "durableTask", "maxConcurrentOrchestratorFunctions", 10);

    private static int Extension(string repositoryRoot, string extension, string setting, int fallback)
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out JsonElement extensions)
            && extensions.TryGetProperty(extension, out JsonElement section)
            && section.TryGetProperty(setting, out JsonElement value)
                ? value.GetInt32()
                : fallback;
    }
}
