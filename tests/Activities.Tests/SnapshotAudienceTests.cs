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
        Assert.Equal(AccountOrder.Sort([bed.AccountId(0), bed.AccountId(1)]), await audience.GetBatchAsync(bed.RunId, 0));
    }

    [Fact]
    public async Task Each_batch_is_a_run_of_the_audience_in_account_order()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 40);
        string[] accounts = [.. Enumerable.Range(0, 40).Select(bed.AccountId)];
        (string journeyId, int version) = await PublishAsync(bed, JsonSerializer.Serialize(new { accounts }));
        var audience = new AudienceStore(ActionBed.Storage);
        var snapshot = new SnapshotAudienceActivity(bed.Journeys, new JourneyEntryStore(ActionBed.Storage), audience, bed.Lists, bed.Clock);

        AudienceSnapshot snapshotted = await snapshot.RunAsync(new AudienceSnapshotRequest(bed.RunId, journeyId, version, BatchSize: 7), CancellationToken.None);

        var batches = new List<string>();
        for (int batch = 0; batch < snapshotted.Batches; batch++)
        {
            batches.AddRange(await audience.GetBatchAsync(bed.RunId, batch));
        }

        Assert.Equal(6, snapshotted.Batches);
        Assert.Equal(AccountOrder.Sort(accounts), batches);
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

        Assert.Equal(AccountOrder.Sort([bed.AccountId(0), bed.AccountId(1)]), beforeAbort);
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
