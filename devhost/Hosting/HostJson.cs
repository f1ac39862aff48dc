using System.Text.Json;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Reads the settings of host.json that the local host honours as the Functions host would.</summary>
internal static class HostJson
{
    public static int MaxDequeueCount(string repositoryRoot)
    {
        using JsonDocument host = JsonDocument.Parse(File.ReadAllText(Path.Combine(repositoryRoot, "host.json")));
        return host.RootElement.TryGetProperty("extensions", out JsonElement extensions)
            && extensions.TryGetProperty("queues", out JsonElement queues)
            && queues.TryGetProperty("maxDequeueCount", out JsonElement count)
                ? count.GetInt32()
                : 5;
    }
}
