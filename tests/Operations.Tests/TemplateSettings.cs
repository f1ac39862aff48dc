using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Operations.Tests;

/// <summary>The app setting names each place defines: the compiled Bicep template and local.settings.sample.json.</summary>
internal static class TemplateSettings
{
    /// <summary>Names in every <c>appSettings</c> array of the compiled infra/main.bicep, modules included.</summary>
    public static IReadOnlyList<string> Bicep { get; } = AppSettingArrays(Operations.Tests.Bicep.MainTemplate)
        .SelectMany(settings => settings.Select(setting => (string)setting!["name"]!))
        .ToList();

    /// <summary>The "Values" of local.settings.sample.json.</summary>
    public static IReadOnlyList<string> LocalSample { get; } = LocalSampleNames();

    /// <summary>
    /// Whether <paramref name="keys"/> set <paramref name="setting"/>: by its own name, or by "name__sub" keys
    /// (an identity-based connection such as AzureWebJobsStorage__tableServiceUri).
    /// </summary>
    public static bool Sets(IEnumerable<string> keys, string setting) =>
        keys.Any(key => key == setting || key.StartsWith(setting + "__", StringComparison.Ordinal));

    private static IEnumerable<JsonArray> AppSettingArrays(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach ((string name, JsonNode? value) in o)
                {
                    if (name == "appSettings" && value is JsonArray settings)
                    {
                        yield return settings;
                    }

                    foreach (JsonArray nested in AppSettingArrays(value))
                    {
                        yield return nested;
                    }
                }

                break;
            case JsonArray a:
                foreach (JsonArray nested in a.SelectMany(AppSettingArrays))
                {
                    yield return nested;
                }

                break;
            default:
                break;
        }
    }

    private static List<string> LocalSampleNames()
    {
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")));
        return sample.RootElement.GetProperty("Values").EnumerateObject().Select(p => p.Name).ToList();
    }
}
