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
}
