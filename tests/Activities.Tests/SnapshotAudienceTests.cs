using System.Text.Json;
using JourneyFunctions.Activities.Journeys;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Tests;

/// <summary>Who enters a run: the start node's accounts and static list, or the accounts a run was started for.</summary>
public sealed class SnapshotAudienceTests
{
    [Fact]
    public async Task The_audience_is_the_listed_accounts_plus_the_static_list_members_each_once()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 3);
        string listId = bed.Prefix + "-list";
        await bed.Lists.SaveAsync(new(listId, "Targets", IsStatic: true, IsLive: true));
        await bed.Lists.SetMembersAsync(listId, [bed.AccountId(1), bed.AccountId(2)], isMember: true);
        await bed.Lists.SetMembersAsync(listId, [bed.AccountId(2)], isMember: false);
        (string journeyId, int version) = await PublishAsync(bed, $$"""{ "accounts": ["{{bed.AccountId(0)}}", "{{bed.AccountId(1)}}"], "accountList": "{{listId}}" }""");
        var audience = new AudienceStore(ActionBed.Storage);
        var snapshot = new SnapshotAudienceActivity(bed.Journeys, new JourneyEntryStore(ActionBed.Storage), audience, bed.Lists, bed.Clock);

        AudienceSnapshot snapshotted = await snapshot.RunAsync(new AudienceSnapshotRequest(bed.RunId, journeyId, version, BatchSize: 10), CancellationToken.None);

        Assert.Equal(new AudienceSnapshot(Batches: 1, Accounts: 2), snapshotted);
        Assert.Equal(AccountOrder.Batches([bed.AccountId(0), bed.AccountId(1)], 10)[0], await audience.GetBatchAsync(bed.RunId, 0));
    }

    [Fact]
    public async Task The_audience_is_batched_in_account_order_and_a_retried_snapshot_stores_the_same_batches()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 40);
        string[] accounts = [.. Enumerable.Range(0, 40).Select(bed.AccountId)];
        (string journeyId, int version) = await PublishAsync(bed, JsonSerializer.Serialize(new { accounts }));
        var audience = new AudienceStore(ActionBed.Storage);
        var snapshot = new SnapshotAudienceActivity(bed.Journeys, new JourneyEntryStore(ActionBed.Storage), audience, bed.Lists, bed.Clock);
        var request = new AudienceSnapshotRequest(bed.RunId, journeyId, version, BatchSize: 7);

        AudienceSnapshot first = await snapshot.RunAsync(request, CancellationToken.None);
        List<IReadOnlyList<string>> stored = await BatchesAsync(audience, bed.RunId, first.Batches);
        AudienceSnapshot retried = await snapshot.RunAsync(request, CancellationToken.None); // the activity runs at least once

        Assert.Equal(new AudienceSnapshot(Batches: 6, Accounts: 40), first);
        Assert.Equal(first, retried);
        Assert.Equal<IEnumerable<string>>(AccountOrder.Batches(accounts, 7), stored);
        Assert.Equal<IEnumerable<string>>(stored, await BatchesAsync(audience, bed.RunId, retried.Batches));
        for (int batch = 0; batch < stored.Count; batch++)
        {
            foreach (string account in stored[batch])
            {
                Assert.Equal(batch, await audience.FindBatchAsync(bed.RunId, account));
            }
        }
    }

    private static async Task<List<IReadOnlyList<string>>> BatchesAsync(AudienceStore audience, string runId, int count)
    {
        var batches = new List<IReadOnlyList<string>>();
        for (int batch = 0; batch < count; batch++)
        {
            batches.Add(await audience.GetBatchAsync(runId, batch));
        }

        return batches;
    }

    [Fact]
    public async Task A_run_started_for_given_accounts_takes_only_those()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 3);
        (string journeyId, int version) = await PublishAsync(bed, $$"""{ "accounts": ["{{bed.AccountId(0)}}", "{{bed.AccountId(1)}}"] }""");
        var audience = new AudienceStore(ActionBed.Storage);
        var snapshot = new SnapshotAudienceActivity(bed.Journeys, new JourneyEntryStore(ActionBed.Storage), audience, bed.Lists, bed.Clock);

        await snapshot.RunAsync(new AudienceSnapshotRequest(bed.RunId, journeyId, version, 10, [bed.AccountId(2)]), CancellationToken.None);

        Assert.Equal([bed.AccountId(2)], await audience.GetBatchAsync(bed.RunId, 0));
    }

    [Fact]
    public async Task A_batch_loaded_after_its_journey_was_aborted_has_no_accounts()
    {
        // An abort stops the batches it finds; one whose start Durable had not yet taken starts later and must walk nobody.
        ActionBed bed = await ActionBed.CreateAsync(accounts: 3);
        (string journeyId, int version) = await PublishAsync(bed, $$"""{ "accounts": ["{{bed.AccountId(0)}}", "{{bed.AccountId(1)}}"] }""");
        var audience = new AudienceStore(ActionBed.Storage);
        await new SnapshotAudienceActivity(bed.Journeys, new JourneyEntryStore(ActionBed.Storage), audience, bed.Lists, bed.Clock)
            .RunAsync(new AudienceSnapshotRequest(bed.RunId, journeyId, version, BatchSize: 10), CancellationToken.None);
        var load = new LoadAudienceBatchActivity(audience, bed.Journeys);

        IReadOnlyList<string> beforeAbort = await load.RunAsync(new AudienceBatchRequest(bed.RunId, 0, journeyId), CancellationToken.None);
        await bed.Journeys.TransitionAsync(journeyId, JourneyStatus.Aborted, new HashSet<JourneyStatus> { JourneyStatus.Live });
        IReadOnlyList<string> afterAbort = await load.RunAsync(new AudienceBatchRequest(bed.RunId, 0, journeyId), CancellationToken.None);

        Assert.Equal(AccountOrder.Batches([bed.AccountId(0), bed.AccountId(1)], 10)[0], beforeAbort);
        Assert.Empty(afterAbort);
    }

    private static async Task<(string JourneyId, int Version)> PublishAsync(ActionBed bed, string audience)
    {
        JourneyDefinition definition = JsonSerializer.Deserialize<JourneyDefinition>($$"""
            { "name": "audience", "nodes": [ { "id": "s", "type": "start", "audience": {{audience}} }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """, JsonDefaults.Options)!;
        JourneyInfo journey = await bed.Journeys.CreateAsync(definition);
        return (journey.Id, (await bed.Journeys.PublishAsync(journey.Id))!.Value);
    }
}
