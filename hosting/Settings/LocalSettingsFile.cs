using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.Hosting.Settings;

/// <summary>
/// The "Values" of a <c>local.settings.json</c>, read as Core Tools reads them, for the local host and
/// <c>scripts/seed.sh</c> alike: each a text, a number or true/false (as written), or null; a name given twice (in any
/// case), an object or array value, encrypted values, or a file that is not JSON or has no object "Values" is refused
/// naming the file.
/// </summary>
public static class LocalSettingsFile
{
    /// <summary>The settings of <paramref name="file"/>, their names with <c>__</c> read as sections (<c>AzureWebJobsStorage__accountName</c>), as the Functions host reads the same names from environment variables.</summary>
    /// <param name="file">The file.</param>
    /// <param name="valuesRequired">Whether a file without "Values" is refused (the local host, whose only settings file it is) or read as no settings (the seed, which takes the environment's too).</param>
    public static IReadOnlyList<KeyValuePair<string, string?>> Read(string file, bool valuesRequired = true)
    {
        JsonDocument document;
        try
        {
            // Comments and trailing commas, as Core Tools reads the file.
            document = JsonDocument.Parse(File.ReadAllText(file), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            // The parser counts lines and positions from 0.
            string reason = e.Message.Split(" LineNumber:", 2)[0].Trim();
            throw new InvalidOperationException($"{file} is not JSON (line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}): {reason}");
        }

        using (document)
        {
            // Core Tools decrypts such values with a key of the machine that encrypted them; read as text they would be
            // wrong settings. It reads the flag's name in any case, and "true" as text too.
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.EnumerateObject().Any(p =>
                p.Name.Equals("IsEncrypted", StringComparison.OrdinalIgnoreCase)
                && (p.Value.ValueKind == JsonValueKind.True || (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString()!.Trim().Equals("true", StringComparison.OrdinalIgnoreCase)))))
            {
                throw new InvalidOperationException($"{file} has \"IsEncrypted\": true; its values cannot be read here. Give them decrypted (func settings decrypt) with \"IsEncrypted\": false.");
            }

            JsonElement values = default;
            bool found = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("Values", out values);
            if (!found && !valuesRequired && document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return [];
            }

            if (!found || values.ValueKind != JsonValueKind.Object)
            {
                throw new InvalidOperationException($"{file} needs an object \"Values\" of settings.");
            }

            // Setting names match in any case, so two spellings of one name would leave which value wins unsaid.
            if (values.EnumerateObject().GroupBy(p => p.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1) is { } twice)
            {
                throw new InvalidOperationException($"Setting '{twice.Key}' is given more than once in {file} (names match in any case).");
            }

            return [.. values.EnumerateObject().Select(p => KeyValuePair.Create(p.Name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal), Text(file, p)))];
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
}
