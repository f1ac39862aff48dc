using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace JourneyFunctions.Testing;

/// <summary>
/// The smtp4dev the test command starts (scripts/smtp4dev.sh; ports from <c>SMTP4DEV_SMTP_PORT</c> and
/// <c>SMTP4DEV_WEB_PORT</c>, defaults 2525 and 5080), read through its web API.
/// </summary>
public static class Smtp4dev
{
    public static int SmtpPort { get; } = Port("SMTP4DEV_SMTP_PORT", 2525);

    public static Uri WebUrl { get; } = new($"http://127.0.0.1:{Port("SMTP4DEV_WEB_PORT", 5080)}/");

    private static readonly HttpClient Http = new() { BaseAddress = WebUrl, Timeout = TimeSpan.FromSeconds(30) };

    /// <summary>Every received message's id and recipients (newest first, as smtp4dev lists them).</summary>
    public static async Task<List<(string Id, string To, string Subject)>> MessagesAsync()
    {
        var messages = new List<(string, string, string)>();
        for (int page = 1; ; page++)
        {
            JsonNode list = (await Http.GetFromJsonAsync<JsonNode>($"api/messages?page={page}&pageSize=500"))!;
            foreach (JsonNode? m in list["results"]!.AsArray())
            {
                foreach (JsonNode? to in m!["to"]!.AsArray())
                {
                    messages.Add((m["id"]!.GetValue<string>(), to!.GetValue<string>(), m["subject"]?.GetValue<string>() ?? ""));
                }
            }

            if (page >= list["pageCount"]!.GetValue<int>())
            {
                return messages;
            }
        }
    }

    /// <summary>A message's header value (e.g. Message-ID).</summary>
    public static async Task<string?> HeaderAsync(string id, string name)
    {
        JsonNode message = (await Http.GetFromJsonAsync<JsonNode>($"api/messages/{id}"))!;
        return message["headers"]!.AsArray().FirstOrDefault(h => string.Equals(h!["name"]!.GetValue<string>(), name, StringComparison.OrdinalIgnoreCase))?["value"]?.GetValue<string>();
    }

    private static int Port(string variable, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), out int port) ? port : fallback;
}
