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
        foreach (string name in Enum.GetNames<T>())
        {
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase))
            {
                value = Enum.Parse<T>(name);
                return true;
            }
        }

        value = default;
        return false;
    }
}
