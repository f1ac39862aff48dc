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
}
