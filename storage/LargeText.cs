using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage;

/// <summary>
/// Text longer than one table property holds (64 KiB, i.e. 32K UTF-16 characters) stored across numbered
/// properties <c>Name</c>, <c>Name_1</c>, <c>Name_2</c>..., up to the 1 MiB entity limit.
/// </summary>
public static class LargeText
{
    private const int ChunkChars = 30_000;

    public static void Write(TableEntity entity, string name, string? text)
    {
        ArgumentNullException.ThrowIfNull(entity);
        foreach (string stale in entity.Keys.Where(k => k.StartsWith(name + "_", StringComparison.Ordinal)).ToList())
        {
            entity.Remove(stale);
        }

        if (text is null)
        {
            entity[name] = null;
            return;
        }

        for (int i = 0, offset = 0, length; offset < text.Length || i == 0; i++, offset += length)
        {
            length = Math.Min(ChunkChars, text.Length - offset);
            // A chunk never ends between the two halves of a surrogate pair: the wire would write each half alone as U+FFFD.
            if (length == ChunkChars && char.IsHighSurrogate(text[offset + length - 1]))
            {
                length--;
            }

            entity[Property(name, i)] = text.Substring(offset, length);
        }
    }

    public static string? Read(TableEntity entity, string name)
    {
        ArgumentNullException.ThrowIfNull(entity);
        string? first = entity.GetString(name);
        if (first is null)
        {
            return null;
        }

        var text = new StringBuilder(first);
        for (int i = 1; entity.GetString(Property(name, i)) is { } next; i++)
        {
            text.Append(next);
        }

        return text.ToString();
    }

    private static string Property(string name, int index) => index == 0 ? name : string.Create(CultureInfo.InvariantCulture, $"{name}_{index}");
}
