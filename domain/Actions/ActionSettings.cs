using System.Text.Json;

namespace JourneyFunctions.Domain.Actions;

/// <summary>Typed reads of an action node's settings bag.</summary>
public sealed class ActionSettings(IReadOnlyDictionary<string, JsonElement>? settings)
{
    private readonly IReadOnlyDictionary<string, JsonElement> _settings = settings ?? new Dictionary<string, JsonElement>();

    public bool Has(string name) => _settings.TryGetValue(name, out JsonElement v) && v.ValueKind is not (JsonValueKind.Null or JsonValueKind.Undefined);

    public string? Text(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public double? Number(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    /// <summary>A number setting's JSON text as written (<c>4.9999999999999999</c>, not the 5 it reads as), or null.</summary>
    public string? NumberAsWritten(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetRawText() : null;

    /// <summary>Whether the setting is a JSON number that is whole as written (<see cref="Json.WholeNumberConverter.IsWhole"/>).</summary>
    public bool IsWholeNumber(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number && Json.WholeNumberConverter.IsWhole(v.GetRawText());

    /// <summary>
    /// An object setting as name -> text (numbers as written, booleans in invariant form), or null when it is not an object;
    /// with <paramref name="textAndNumbersOnly"/>, a value of any other JSON type reads as null.
    /// </summary>
    public IReadOnlyDictionary<string, string?>? Map(string name, bool textAndNumbersOnly = false)
    {
        if (!_settings.TryGetValue(name, out JsonElement v) || v.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        return v.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Null => null,
            // As written: a double's own text (1E-07 for 0.0000001) would not equal the number a condition compares it with.
            JsonValueKind.Number => p.Value.GetRawText(),
            _ => textAndNumbersOnly ? null : p.Value.GetRawText(),
        }, StringComparer.Ordinal);
    }

    /// <summary>The members of an object setting whose values are objects or lists, not plain values.</summary>
    public IEnumerable<string> NestedMembers(string name) =>
        _settings.TryGetValue(name, out JsonElement v) && v.ValueKind == JsonValueKind.Object
            ? v.EnumerateObject().Where(p => p.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array).Select(p => p.Name)
            : [];

    public string RequiredString(string name) =>
        Text(name) ?? throw new InvalidOperationException($"Setting '{name}' is required (the journey should not have validated).");

    public double RequiredNumber(string name) =>
        Number(name) ?? throw new InvalidOperationException($"Setting '{name}' is required (the journey should not have validated).");

    public IReadOnlyDictionary<string, string?> RequiredMap(string name) =>
        Map(name) ?? throw new InvalidOperationException($"Setting '{name}' is required (the journey should not have validated).");
}
