using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Sync.Tests;

/// <summary>Activity ids are claimed by one person for good (Service Bus and Salesforce key on the id alone).</summary>
public sealed class SalesActivityIdsTests
{
    [Fact]
    public async Task Of_many_people_claiming_one_id_at_once_exactly_one_holds_it_and_its_retry_still_does()
    {
        SyncData data = await SyncData.CreateAsync();
        var store = new SalesActivityStore(data.Storage);
        string id = data.Prefix + "-act";
        string[] people = [.. Enumerable.Range(0, 12).Select(data.Id)];

        IReadOnlyList<string>[] refused = await Task.WhenAll(people.Select(p => store.ClaimIdsAsync(p, [id])));

        string[] holders = [.. people.Where((_, i) => refused[i].Count == 0)];
        string holder = Assert.Single(holders);
        Assert.All(refused.Where(r => r.Count > 0), r => Assert.Equal([id], r));
        Assert.Empty(await store.ClaimIdsAsync(holder, [id]));
        Assert.Equal([id], await store.ClaimIdsAsync(people.First(p => p != holder), [id, data.Prefix + "-other"]));
    }

    [Fact]
    public async Task A_refused_claim_leaves_none_of_its_ids_claimed_so_the_right_person_can_record_them()
    {
        SyncData data = await SyncData.CreateAsync();
        var store = new SalesActivityStore(data.Storage);
        (string right, string wrong) = (data.Id(0), data.Id(1));
        string[] ids = [data.Prefix + "-z1", data.Prefix + "-z2", data.Prefix + "-z3"];
        Assert.Empty(await store.ClaimIdsAsync(right, [ids[0]]));

        Assert.Equal([ids[0]], await store.ClaimIdsAsync(wrong, ids));

        Assert.Empty(await store.ClaimIdsAsync(right, ids));
        Assert.Equal(ids, await store.ClaimIdsAsync(wrong, ids));
    }

    [Fact]
    public async Task People_claiming_overlapping_ids_in_different_orders_at_once_never_all_lose_and_leave_only_the_winners_claims()
    {
        SyncData data = await SyncData.CreateAsync();
        var store = new SalesActivityStore(data.Storage);
        string[] people = [.. Enumerable.Range(0, 3).Select(data.Id)];
        for (int round = 0; round < 6; round++)
        {
            string[] ids = [.. Enumerable.Range(0, 20).Select(i => $"{data.Prefix}-r{round}-{i}")];
            // Six requests, two per person, each with the ids in another order (the tester's race: before, all of them
            // could be refused, or fail on a claim let go under them and leave their claims behind).
            IReadOnlyList<string>[] refused = await Task.WhenAll(Enumerable.Range(0, 6).Select(r =>
                store.ClaimIdsAsync(people[r % 3], [.. ids.OrderBy(id => (id.GetHashCode(StringComparison.Ordinal) * (r + 1)) % 97)])));

            string[] winners = [.. Enumerable.Range(0, 6).Where(r => refused[r].Count == 0).Select(r => people[r % 3]).Distinct()];
            string winner = Assert.Single(winners);
            foreach (string loser in people.Where(p => p != winner))
            {
                Assert.Equal(ids, await store.ClaimIdsAsync(loser, ids));
            }

            Assert.Empty(await store.ClaimIdsAsync(winner, ids));
        }
    }
}
