namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Enum values from user text by name alone, case ignored. <see cref="Enum.TryParse{TEnum}(string, bool, out TEnum)"/>
/// also takes numbers, surrounding spaces and comma lists (read as flags: "start,action" would be a third type).
/// </summary>
public static class EnumText
{
    public static bool TryParse<T>(string? text, out T value)
        where T : struct, Enum
    {
        if (text is not null && Names<T>.ByName.TryGetValue(text, out value))
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>Built once per enum: node types are read on every step of every run.</summary>
    private static class Names<T>
        where T : struct, Enum
    {
        public static readonly Dictionary<string, T> ByName =
            Enum.GetValues<T>().ToDictionary(v => v.ToString(), StringComparer.OrdinalIgnoreCase);
    }
}
