namespace JourneyFunctions.Domain.Storage;

/// <summary>
/// How a run's audience is cut into batches: in the order of the people table an account's people are in (its group),
/// then by id. Every store a batch step reads or writes per account (<c>People0</c>..<c>7</c>, the <c>Accounts</c>,
/// <c>JourneyEntries</c> and <c>EventListeners</c> buckets) spreads accounts by <see cref="StableId.Bucket"/> of the id
/// over a multiple of <see cref="TableNames.PeopleShards"/> partitions or tables, each of which therefore holds accounts
/// of one group only. So a batch cut in this order lies in one or two groups (once the audience holds at least eight
/// batches), touches about an eighth of each store's partitions, and finds its accounts in each as one key range with
/// no other account of the audience in it; in plain id order a batch touched every partition of every store (64
/// <c>JourneyEntries</c> transactions of about 8 rows per batch of 500).
/// </summary>
public static class AccountOrder
{
    /// <summary>The group of <paramref name="accountId"/>: the people table its people are in (<c>PeopleStore</c> reads it so).</summary>
    public static int GroupOf(string accountId) => StableId.Bucket(accountId, TableNames.PeopleShards);

    /// <summary>
    /// The accounts in batches of at most <paramref name="batchSize"/>, cut in group-then-id order and then
    /// numbered round the groups: batches 0, 1, 2... come from groups far apart, so the batches a host takes up first do
    /// not all fall on one group's partitions (Azure serves each partition about 2,000 entities/s).
    /// </summary>
    public static List<string[]> Batches(IEnumerable<string> accountIds, int batchSize)
    {
        string[][] cut = [.. accountIds.OrderBy(GroupOf).ThenBy(id => id, StringComparer.Ordinal).Chunk(batchSize)];
        int stride = (cut.Length + TableNames.PeopleShards - 1) / TableNames.PeopleShards;
        return [.. cut.Select((batch, at) => (batch, at)).OrderBy(b => b.at % stride).ThenBy(b => b.at).Select(b => b.batch)];
    }
}
