namespace JourneyFunctions.Domain.Json;

/// <summary>
/// Blank as the journey schema's <c>"pattern": "\\S"</c> reads it: JSON Schema patterns are ECMAScript regular
/// expressions, whose white space is .NET's but for U+0085 (not white space there) and U+FEFF (white space there), so a
/// text the schema refuses as blank the server refuses too, and the other way round.
/// </summary>
public static class BlankText
{
    public static bool IsBlank([System.Diagnostics.CodeAnalysis.NotNullWhen(false)] string? text) => text is null || text.All(IsSpace);

    private static bool IsSpace(char c) => c == '\uFEFF' || (c != '\u0085' && char.IsWhiteSpace(c));
}
