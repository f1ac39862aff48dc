using System.Text.Json;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>
/// Reads the "Values" of <c>local.settings.json</c> (or, when absent, <c>local.settings.sample.json</c>) from the
/// repository root, so the local host and <c>func start</c> read the very same settings.
/// </summary>
internal static class LocalSettings
{
    /// <summary>The developer's own settings win over the committed sample.</summary>
    private static readonly string[] Files = ["local.settings.json", "local.settings.sample.json"];

    public static IEnumerable<KeyValuePair<string, string?>> Load(string repositoryRoot)
    {
        string file = Files
            .Select(name => Path.Combine(repositoryRoot, name))
            .FirstOrDefault(File.Exists)
            ?? throw new FileNotFoundException($"No local.settings.json or local.settings.sample.json in {repositoryRoot}.");
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(file));
        }
        catch (JsonException e)
        {
            throw new InvalidOperationException($"{file} is not JSON: {e.Message}", e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object || !document.RootElement.TryGetProperty("Values", out JsonElement values) || values.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{file} needs an object \"Values\" of settings.");
            }

            // Setting names match in any case, so two spellings of one name would leave which value wins unsaid.
            if (values.EnumerateObject().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new InvalidOperationException($"Setting '{twice.Key}' is given more than once in {file} (names match in any case).");
            }

            return values.EnumerateObject()
                // "Name__sub" is a section, as when the Functions host reads the same value from an environment variable.
                .Select(p => KeyValuePair.Create(p.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), Text(file, p)))
                .ToList();
        }
    }

    /// <summary>A setting's text: a number or true/false as written (as Core Tools reads a value into text), null as none.</summary>
    private static string? Text(string file, JsonProperty setting) => setting.Value.ValueKind switch
    {
        JsonValueKind.String => setting.Value.GetString(),
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => setting.Value.GetRawText(),
        JsonValueKind.Null => null,
        _ => throw new InvalidOperationException($"Setting '{setting.Name}' in {file} must be text, a number or true/false, not an object or an array."),
    };

    /// <summary>The folder holding host.json: the repository root, found from the working directory or the binaries.</summary>
    public static string FindRepositoryRoot()
    {
        foreach (string start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (DirectoryInfo? dir = new(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "host.json")) && File.Exists(Path.Combine(dir.FullName, "local.settings.sample.json")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Cannot find the repository root (the folder with host.json and local.settings.sample.json).");
    }
}
