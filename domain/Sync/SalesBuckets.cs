using System.Globalization;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Sync;

/// <summary>
/// How sales people are spread over partitions: a stable hash bucket of the Marketo ID, so lookups by id need no
/// index, and the sync's sweep visits the buckets side by side.
/// </summary>
public static class SalesBuckets
{
    /// <summary>
    /// Few enough that a sync step's people write in transactions of dozens, enough that no partition holds more than
    /// about a thousand of 100,000 (Azurite scans a partition to find a row).
    /// </summary>
    public const int Count = 128;

    /// <summary>The sales partition of a Marketo ID.</summary>
    public static string PartitionOf(string marketoId) => Key(StableId.Bucket(marketoId, Count));

    /// <summary>The bucket number (0 to <see cref="Count"/> - 1) of a partition key <see cref="Key"/> made.</summary>
    /// <exception cref="FormatException">The key is not a bucket's.</exception>
    public static int IndexOf(string partitionKey) =>
        partitionKey is ['b', _, _, _] && int.TryParse(partitionKey.AsSpan(1), NumberStyles.None, CultureInfo.InvariantCulture, out int index) && index < Count
            ? index
            : throw new FormatException($"'{partitionKey}' is not a sales bucket's partition key.");

    /// <summary>The partition key of bucket <paramref name="index"/> (0 to <see cref="Count"/> - 1): <c>b000</c> to <c>b127</c>.</summary>
    public static string Key(int index) => "b" + index.ToString("D3", CultureInfo.InvariantCulture);
}
