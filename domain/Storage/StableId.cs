using System.Security.Cryptography;
using System.Text;

namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// An id derived from text: lowercase hex of its SHA-256, so the same text always gives the same id (what makes a
/// repeated create or start find the first one) and the id is a valid key whatever the text holds.
/// </summary>
public static class StableId
{
    /// <param name="text">What the id stands for.</param>
    /// <param name="length">Hex characters to keep (at most 64).</param>
    public static string Of(string text, int length = 64) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..length];

    /// <summary>
    /// A bucket in [0, <paramref name="buckets"/>) for <paramref name="text"/>: FNV-1a, cheap and the same in every
    /// process (unlike string.GetHashCode), for spreading rows over partitions.
    /// </summary>
    public static int Bucket(string text, int buckets)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentOutOfRangeException.ThrowIfLessThan(buckets, 1);
        uint hash = 2166136261;
        foreach (char c in text)
        {
            hash = (hash ^ c) * 16777619;
        }

        return (int)(hash % (uint)buckets);
    }
}
