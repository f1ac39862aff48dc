namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// The order a run's audience is cut into batches in: by the people table an account's people are in, then by id.
/// Every store a batch step reads or writes per account (<c>People0</c>..<c>7</c>, the <c>Accounts</c> and
/// <c>JourneyEntries</c> buckets, the event-listener buckets) spreads accounts by <see cref="StableId.Bucket"/> of the
/// id over a multiple of <see cref="TableNames.PeopleShards"/> partitions or tables, each of which therefore holds
/// accounts of one group only. So in this order a batch lies in one or two groups, touches about an eighth of each
/// store's partitions, and reads each with one key range holding nothing but its own accounts; in plain id order a
/// batch touched every partition of every store (64 <c>JourneyEntries</c> transactions of about 8 rows per batch of 500).
/// </summary>
public static class AccountOrder
{
    /// <summary>The group of <paramref name="accountId"/>: the people table its people are in.</summary>
    public static int GroupOf(string accountId) => StableId.Bucket(accountId, TableNames.PeopleShards);

    /// <summary>The accounts in batch order: group, then id (ordinal).</summary>
    public static List<string> Sort(IEnumerable<string> accountIds) =>
        [.. accountIds.OrderBy(GroupOf).ThenBy(id => id, StringComparer.Ordinal)];
}
