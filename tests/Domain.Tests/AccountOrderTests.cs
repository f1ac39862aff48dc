using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Tests;

/// <summary>The order a run's audience is batched in, and why a batch in it reaches few partitions of each store.</summary>
public sealed class AccountOrderTests
{
    private static readonly string[] Accounts = [.. Enumerable.Range(0, 1000).Select(i => $"acct-{i:D5}")];

    [Fact]
    public void Accounts_come_group_by_group_each_group_in_id_order()
    {
        List<string> sorted = AccountOrder.Sort(Accounts.Reverse());

        Assert.Equal(Accounts.Length, sorted.Count);
        Assert.Equal(sorted.Select(AccountOrder.GroupOf).Order(), sorted.Select(AccountOrder.GroupOf));
        foreach (IGrouping<int, string> group in sorted.GroupBy(AccountOrder.GroupOf))
        {
            Assert.Equal(group.Order(StringComparer.Ordinal), group);
        }
    }

    [Theory]
    [InlineData(16)] // Accounts, EventListeners
    [InlineData(64)] // JourneyEntries
    public void A_bucket_of_a_store_keyed_by_a_multiple_of_the_groups_holds_one_group(int buckets)
    {
        foreach (IGrouping<int, string> bucket in Accounts.GroupBy(a => StableId.Bucket(a, buckets)))
        {
            Assert.Single(bucket.Select(AccountOrder.GroupOf).Distinct());
        }
    }

    [Fact]
    public void A_batch_reaches_one_or_two_groups_and_each_bucket_it_reaches_is_one_key_range_of_it()
    {
        foreach (string[] batch in AccountOrder.Sort(Accounts).Chunk(100))
        {
            Assert.InRange(batch.Select(AccountOrder.GroupOf).Distinct().Count(), 1, 2);
            foreach (IGrouping<int, string> bucket in batch.GroupBy(a => StableId.Bucket(a, 64)))
            {
                // Every account of the bucket between the batch's least and greatest is the batch's own.
                string least = bucket.Min(StringComparer.Ordinal)!, greatest = bucket.Max(StringComparer.Ordinal)!;
                IEnumerable<string> inRange = Accounts.Where(a => StableId.Bucket(a, 64) == bucket.Key
                    && string.CompareOrdinal(a, least) >= 0 && string.CompareOrdinal(a, greatest) <= 0);
                Assert.Equal(bucket.Order(StringComparer.Ordinal), inRange.Order(StringComparer.Ordinal));
            }
        }
    }
}
