using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.Accounts;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Domain.Tests;

/// <summary>How a run's audience is batched, and why a batch reaches few partitions of each store read per account.</summary>
public sealed class AccountOrderTests
{
    private static readonly string[] Accounts = [.. Enumerable.Range(0, 1000).Select(i => $"acct-{i:D5}")];

    [Fact]
    public void Batches_hold_every_account_once_each_cut_from_one_group_in_id_order()
    {
        List<string[]> batches = AccountOrder.Batches(Accounts.Reverse(), 50);

        Assert.Equal(Accounts.Order(StringComparer.Ordinal), batches.SelectMany(b => b).Order(StringComparer.Ordinal));
        Assert.All(batches, batch => Assert.InRange(batch.Length, 1, 50));
        foreach (string[] batch in batches)
        {
            // Within a batch: group by group, each group's accounts in id order.
            Assert.Equal(batch.OrderBy(AccountOrder.GroupOf).ThenBy(a => a, StringComparer.Ordinal), batch);
            Assert.InRange(batch.Select(AccountOrder.GroupOf).Distinct().Count(), 1, 2);
        }
    }

    [Fact]
    public void Neighbouring_batch_numbers_come_from_groups_far_apart()
    {
        List<string[]> batches = AccountOrder.Batches(Accounts, 50); // 20 batches, about 2.5 per group

        int[] firstGroups = [.. batches.Take(TableNames.PeopleShards).Select(b => AccountOrder.GroupOf(b[0]))];
        Assert.True(firstGroups.Distinct().Count() >= TableNames.PeopleShards - 1, $"first batches' groups: {string.Join(", ", firstGroups)}");
    }

    [Fact]
    public void The_stores_read_per_account_have_a_multiple_of_the_groups_as_buckets()
    {
        Assert.Equal(0, AccountStore.Buckets % TableNames.PeopleShards);
        Assert.Equal(0, JourneyEntryStore.Buckets % TableNames.PeopleShards);
        Assert.Equal(0, ListenerIndex.Buckets % TableNames.PeopleShards);
        foreach (int buckets in new[] { AccountStore.Buckets, JourneyEntryStore.Buckets, ListenerIndex.Buckets })
        {
            Assert.All(Accounts.GroupBy(a => StableId.Bucket(a, buckets)), bucket => Assert.Single(bucket.Select(AccountOrder.GroupOf).Distinct()));
        }
    }

    [Fact]
    public void Each_bucket_a_batch_reaches_holds_it_as_one_key_range_with_no_other_account_of_the_audience()
    {
        foreach (string[] batch in AccountOrder.Batches(Accounts, 100))
        {
            foreach (IGrouping<int, string> bucket in batch.GroupBy(a => StableId.Bucket(a, JourneyEntryStore.Buckets)))
            {
                string least = bucket.Min(StringComparer.Ordinal)!, greatest = bucket.Max(StringComparer.Ordinal)!;
                IEnumerable<string> inRange = Accounts.Where(a => StableId.Bucket(a, JourneyEntryStore.Buckets) == bucket.Key
                    && string.CompareOrdinal(a, least) >= 0 && string.CompareOrdinal(a, greatest) <= 0);
                Assert.Equal(bucket.Order(StringComparer.Ordinal), inRange.Order(StringComparer.Ordinal));
            }
        }
    }
}
