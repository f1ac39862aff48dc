using System.Text.Json;

namespace JourneyFunctions.Domain.Actions;

/// <summary>Typed reads of an action node's settings bag.</summary>
public sealed class ActionSettings(IReadOnlyDictionary<string, JsonElement>? settings)
{
    private readonly IReadOnlyDictionary<string, JsonElement> _settings = settings ?? new Dictionary<string, JsonElement>();

    public string? Text(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public double? Number(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    public string RequiredString(string name) =>
        Text(name) ?? throw new InvalidOperationException($"Setting '{name}' is required (the journey should not have validated).");

    public double RequiredNumber(string name) =>
        Number(name) ?? throw new InvalidOperationException($"Setting '{name}' is required (the journey should not have validated).");
}
