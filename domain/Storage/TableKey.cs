using System.Text.RegularExpressions;

namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// Guards every user-supplied id before it becomes a PartitionKey or RowKey:
/// Azure Tables forbid '/', '\', '#', '?' and control characters, and we keep ids short and plain.
/// </summary>
public static partial class TableKey
{
    /// <summary>True when <paramref name="value"/> is 1-128 characters of letters, digits, '-', '_', '.', '@' or ':'.</summary>
    public static bool IsValid(string? value) => value is not null && SafeKey().IsMatch(value);

    /// <summary>Returns <paramref name="value"/> or throws <see cref="ArgumentException"/> naming <paramref name="what"/>.</summary>
    public static string Require(string? value, string what) =>
        IsValid(value)
            ? value!
            : throw new ArgumentException($"{what} must be 1-128 characters of letters, digits, '-', '_', '.', '@' or ':' (got '{value}').", what);

    [GeneratedRegex("^[A-Za-z0-9_\\-\\.@:]{1,128}$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeKey();
}
