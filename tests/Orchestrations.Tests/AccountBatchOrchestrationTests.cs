using System.Collections.Concurrent;
using System.Text.Json;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Orchestrations.Journeys;
using JourneyFunctions.Testing;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;

namespace JourneyFunctions.Orchestrations.Tests;

/// <summary>
/// The batch walk replayed for real by the in-process Durable Task host. Activities are stand-ins that record
/// their calls: these tests are about routing, timers and counts, not about storage.
/// </summary>
public sealed class AccountBatchOrchestrationTests
{
    private static JourneyDefinition Journey(bool otherPath, string wait = "PT1S") => JsonSerializer.Deserialize<JourneyDefinition>($$"""
        { "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
            { "id": "split", "type": "splitByAccount", "otherPath": {{(otherPath ? "true" : "false")}},
              "paths": [ { "id": "big", "conditions": [ { "attribute": "Size", "operator": "equals", "value": "big" } ] } ] },
            { "id": "score", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } },
            { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "t" } },
            { "id": "merge", "type": "merge" },
            { "id": "pause", "type": "wait", "duration": "{{wait}}" },
            { "id": "end", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "split" },
            { "from": "split", "to": "score", "path": "big" }, { "from": "split", "to": "tier", "path": "other" },
            { "from": "score", "to": "merge" }, { "from": "tier", "to": "merge" },
            { "from": "merge", "to": "pause" }, { "from": "pause", "to": "end" } ] }
        """, JsonDefaults.Options)!;

    private static Task<(AccountBatchResult Result, Dictionary<string, NodeCounts> Counts, ConcurrentBag<(string Node, string Account)> Calls)> RunAsync(bool otherPath) =>
        RunAsync(Journey(otherPath), (_, _) => Task.CompletedTask);

    /// <summary>The position records the batch asked for, in call order (each retry-free here).</summary>
    private static readonly ConcurrentQueue<NodePositionsRequest> Positions = new();

    /// <summary>The accounts the batch released for re-entry, in call order.</summary>
    private static readonly ConcurrentQueue<ReleaseAccountsRequest> Releases = new();

    private static async Task<(AccountBatchResult Result, Dictionary<string, NodeCounts> Counts, ConcurrentBag<(string Node, string Account)> Calls)> RunAsync(
        JourneyDefinition journey, Func<DurableTaskClient, string, Task> whileRunning, Func<NodePositionsRequest, int>? recordPositions = null)
    {
        var calls = new ConcurrentBag<(string, string)>();
        Releases.Clear(); // the tests of a class run one at a time
        await using DurableTaskTestHost host = await InProcessDurableHost.StartAsync(registry =>
        {
            registry.AddActivityFunc<ReleaseAccountsRequest, int>(ActivityNames.ReleaseAccounts, (_, request) =>
            {
                Releases.Enqueue(request);
                return request.AccountIds.Count;
            });
            registry.AddActivityFunc<NodePositionsRequest, int>(ActivityNames.RecordNodePositions, (_, request) =>
            {
                Positions.Enqueue(request);
                return recordPositions?.Invoke(request) ?? request.AccountIds.Count;
            });
            registry.AddActivityFunc<PeopleSplitRequest, Dictionary<string, Dictionary<string, List<string>>>>(ActivityNames.EvaluatePeopleSplit, (_, _) =>
                new Dictionary<string, Dictionary<string, List<string>>> { ["vip"] = new() { ["a0"] = ["p1"] }, ["rest"] = [] });
            registry.AddOrchestratorFunc<AccountBatchInput, AccountBatchResult>(OrchestratorNames.JourneyAccountBatch, AccountBatchOrchestration.RunAsync);
            registry.AddActivityFunc<AudienceBatchRequest, IReadOnlyList<string>>(ActivityNames.LoadAudienceBatch, (_, _) => ["a0", "a1", "a2"]);
            registry.AddActivityFunc<AudienceBatchRequest, int[]>(ActivityNames.CountBatchPeople, (_, _) => [1, 2, 4]); // people of a0, a1, a2
            registry.AddActivityFunc<AccountSplitRequest, Dictionary<string, List<string>>>(ActivityNames.EvaluateAccountSplit, (_, _) =>
                new Dictionary<string, List<string>> { ["big"] = ["a0"], ["other"] = ["a1", "a2"] });
            foreach (string action in new[] { ActivityNames.ApplyPeopleAction, ActivityNames.ApplyAccountAction })
            {
                registry.AddActivityFunc<ActionRequest, ActionResult>(action, (_, request) =>
                {
                    if (request.NodeId.StartsWith("broken", StringComparison.Ordinal))
                    {
                        throw new InvalidOperationException("the action's system is gone");
                    }

                    request.AccountIds.ToList().ForEach(a => calls.Add((request.NodeId, request.People is null ? a : $"{a}:{string.Join('+', request.People[a])}")));
                    return new ActionResult(request.AccountIds.Count, request.AccountIds.Count * 10, 0);
                });
            }
        });

        string id = await host.Client.ScheduleNewOrchestrationInstanceAsync(
            OrchestratorNames.JourneyAccountBatch, new AccountBatchInput("run-1", "j-1", 1, 0, journey));
        await whileRunning(host.Client, id);
        // Bounded: a batch that keeps waiting (a timer not stopped, a listen nobody ends) fails the test, not the suite.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        OrchestrationMetadata done = await host.Client.WaitForInstanceCompletionAsync(id, getInputsAndOutputs: true, bound.Token);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        return (done.ReadOutputAs<AccountBatchResult>()!, Counts(done)!, calls);
    }

    /// <summary>The batch's live counts, as its custom status holds them; null before it set any.</summary>
    private static Dictionary<string, NodeCounts>? Counts(OrchestrationMetadata? batch) =>
        batch?.SerializedCustomStatus is { } status ? BatchCountsStatus.Parse(status) : null;

    [Fact]
    public async Task Accounts_take_their_path_and_merge_again()
    {
        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(otherPath: true);

        Assert.Equal([("score", "a0")], calls.Where(c => c.Node == "score"));
        Assert.Equal(["a1", "a2"], calls.Where(c => c.Node == "tier").Select(c => c.Account).Order());
        Assert.Equal(3, counts["merge"].Reached);
        Assert.Equal(3, counts["end"].Reached);
        Assert.Equal(0, counts["pause"].Current);
        Assert.Equal(new AccountBatchResult(3, 3, 0, 2, 30), result);
    }

    [Fact]
    public async Task Without_an_other_path_unmatched_accounts_leave_the_journey()
    {
        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(otherPath: false);

        Assert.DoesNotContain(calls, c => c.Node == "tier");
        Assert.Equal(3, counts["split"].Left);
        Assert.Equal(1, counts["end"].Reached);
        Assert.Equal((3, 1, 2), (result.Accounts, result.Ended, result.Left));
    }

    [Fact]
    public async Task People_split_acts_on_the_people_of_each_path_then_everyone_continues()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "people", "type": "splitByPeople",
                  "paths": [ { "id": "vip", "conditions": [ { "attribute": "JobLevel", "operator": "equals", "value": "Executive" } ] },
                             { "id": "rest", "conditions": [] } ] },
                { "id": "vip-score", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 5 } },
                { "id": "rest-score", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "people" },
                { "from": "people", "to": "vip-score", "path": "vip" }, { "from": "people", "to": "rest-score", "path": "rest" },
                { "from": "vip-score", "to": "end" }, { "from": "rest-score", "to": "end" }, { "from": "people", "to": "end" } ] }
            """, JsonDefaults.Options)!;

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(journey, (_, _) => Task.CompletedTask);

        Assert.Equal([("vip-score", "a0:p1")], calls);
        Assert.Equal((1, 1, 0), (counts["vip-score"].Reached, counts["vip-score"].PeopleReached, counts["vip-score"].PeopleCurrent)); // the one person on the path, not a0's whole account
        Assert.False(counts.ContainsKey("rest-score")); // no one matched that path
        Assert.Equal(3, counts["end"].Reached);
        Assert.Equal(3, result.Ended);
    }

    [Fact]
    public async Task Listen_moves_an_account_on_its_event_and_the_rest_on_timeout()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "listen", "type": "listenForEvent", "event": { "scope": "people", "type": "personDataChange" }, "timeout": "PT3S" },
                { "id": "engaged", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 5 } },
                { "id": "quiet", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "cold" } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "listen" },
                { "from": "listen", "to": "engaged", "path": "event" }, { "from": "listen", "to": "quiet", "path": "timeout" },
                { "from": "engaged", "to": "end" }, { "from": "quiet", "to": "end" } ] }
            """, JsonDefaults.Options)!;

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(journey, async (client, id) =>
        {
            await Task.Delay(500);
            await client.RaiseEventAsync(id, EventTrigger.EventName("people", "personDataChange", "listen"), new[] { new RaisedEvent("people", "personDataChange", "a0", "p1") });
        });

        Assert.Equal([("engaged", "a0")], calls.Where(c => c.Node == "engaged"));
        Assert.Equal(["a1", "a2"], calls.Where(c => c.Node == "quiet").Select(c => c.Account).Order());
        Assert.Equal(3, counts["listen"].Left);
        Assert.Equal((7, 0, 7), (counts["listen"].PeopleReached, counts["listen"].PeopleCurrent, counts["listen"].PeopleLeft));
        Assert.Equal((1, 6), (counts["engaged"].PeopleReached, counts["quiet"].PeopleReached)); // a0's one person; a1's and a2's six
        Assert.Equal(3, result.Ended);
    }

    [Fact]
    public async Task Listen_takes_only_events_meeting_its_conditions_and_moves_an_account_once()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "hear", "type": "listenForEvent", "event": { "scope": "people", "type": "personDataChange", "attribute": "Title", "value": "CTO" }, "timeout": "PT4S" },
                { "id": "engaged", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 5 } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "hear" },
                { "from": "hear", "to": "engaged", "path": "event" }, { "from": "hear", "to": "end", "path": "timeout" },
                { "from": "engaged", "to": "end" } ] }
            """, JsonDefaults.Options)!;
        static RaisedEvent Change(string account, string attribute, string value) =>
            new("people", "personDataChange", account, "p1", new Dictionary<string, string?> { ["attribute"] = attribute, ["oldValue"] = "x", ["newValue"] = value });

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(journey, async (client, id) =>
        {
            while (Counts(await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.GetValueOrDefault("hear")?.Current != 3)
            {
                await Task.Delay(20);
            }

            string name = EventTrigger.EventName("people", "personDataChange", "hear");
            await client.RaiseEventAsync(id, name, new[] { Change("a0", "Phone", "CTO"), Change("a1", "title", "cto") });
            await client.RaiseEventAsync(id, name, new[] { Change("a1", "Title", "CTO") }); // a duplicate delivery
        });

        Assert.Equal([("engaged", "a1")], calls.Where(c => c.Node == "engaged")); // a0's change was to another attribute
        Assert.Equal(3, counts["end"].Reached);
        Assert.Equal(3, counts["hear"].Left);
        Assert.Equal(3, result.Ended);
        List<NodePositionsRequest> recorded = [.. Positions.Where(p => p.RunId == "run-1" && p.NodeId == "hear")];
        Assert.All(recorded, p => Assert.Equal("people:personDataChange", p.ListensFor));
        Assert.Equal(["a0", "a1", "a2"], recorded.Where(p => p.Arrived).SelectMany(p => p.AccountIds).Order());
        Assert.Equal(["a0", "a1", "a2"], recorded.Where(p => !p.Arrived).SelectMany(p => p.AccountIds).Order());
    }

    [Fact]
    public async Task Listen_moves_the_accounts_of_one_delivery_on_as_one_group()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "burst", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "PT4S" },
                { "id": "engaged", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 5 } },
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "burst" },
                { "from": "burst", "to": "engaged", "path": "event" }, { "from": "burst", "to": "end", "path": "timeout" },
                { "from": "engaged", "to": "end" } ] }
            """, JsonDefaults.Options)!;
        static RaisedEvent Moment(string account) => new("account", "interestingMoment", account);

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(journey, async (client, id) =>
        {
            while (Counts(await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.GetValueOrDefault("burst")?.Current != 3)
            {
                await Task.Delay(20);
            }

            // a2 twice in one delivery, and an account not in the batch
            await client.RaiseEventAsync(id, EventTrigger.EventName("account", "interestingMoment", "burst"), new[] { Moment("a2"), Moment("a0"), Moment("a2"), Moment("zz") });
        });

        Assert.Equal(["a0", "a2"], calls.Where(c => c.Node == "engaged").Select(c => c.Account).Order());
        Assert.Equal((3, 2), (counts["burst"].Left, counts["engaged"].Reached));
        Assert.Equal(3, result.Ended);
        // The delivery's accounts left the node as one group (in delivery order), the rest on timeout
        List<NodePositionsRequest> departures = [.. Positions.Where(p => p.NodeId == "burst" && !p.Arrived)];
        Assert.Equal([["a2", "a0"], ["a1"]], departures.Select(p => p.AccountIds.ToArray()));
    }

    [Fact]
    public async Task A_departure_that_fails_for_good_is_reported_at_its_listen_node()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "stuck", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "PT5S" },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "stuck" }, { "from": "stuck", "to": "end", "path": "event" } ] }
            """, JsonDefaults.Options)!;

        // Arrivals are recorded; every try of the departure fails (the retries run out after about 31 s). Every
        // account has its event, so no timer is left waiting and no timeout records a departure of its own.
        (AccountBatchResult result, _, _) = await RunAsync(
            journey,
            async (client, id) =>
            {
                while (Counts(await client.GetInstanceAsync(id, getInputsAndOutputs: true))?.GetValueOrDefault("stuck")?.Current != 3)
                {
                    await Task.Delay(20);
                }

                await client.RaiseEventAsync(id, EventTrigger.EventName("account", "interestingMoment", "stuck"), new RaisedEvent[] { new("account", "interestingMoment", "a1"), new("account", "interestingMoment", "a0"), new("account", "interestingMoment", "a2") });
            },
            request => request.Arrived || request.NodeId != "stuck" ? request.AccountIds.Count : throw new InvalidOperationException("the routing index is gone"));

        Assert.NotNull(result.Failure);
        Assert.Equal(("stuck", 0), (result.Failure.NodeId, result.Failure.Batch));
        Assert.Contains("the routing index is gone", result.Failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "id": "hold", "type": "wait", "duration": "P1D" }""")]
    [InlineData("""{ "id": "hold", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "P1D" }""")]
    public async Task A_step_that_fails_for_good_fails_its_batch_at_once_while_other_accounts_are_held(string hold)
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>($$"""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "split", "type": "splitByAccount", "otherPath": true,
                  "paths": [ { "id": "big", "conditions": [ { "attribute": "Size", "operator": "equals", "value": "big" } ] } ] },
                { "id": "broken", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "t" } },
                {{hold}},
                { "id": "end", "type": "end" } ],
              "edges": [
                { "from": "start", "to": "split" },
                { "from": "split", "to": "broken", "path": "big" }, { "from": "split", "to": "hold", "path": "other" },
                { "from": "broken", "to": "end" }, { "from": "hold", "to": "end" } ] }
            """, JsonDefaults.Options)!;

        // a0's step fails every try (the retries run out after about 31 s) while a1 and a2 are held for a day: the batch
        // must end with the failure then (within RunAsync's 2-minute bound), not when the hold ends.
        (AccountBatchResult result, _, _) = await RunAsync(journey, (_, _) => Task.CompletedTask);

        Assert.Equal(("broken", 0), (result.Failure?.NodeId, result.Failure?.Batch));
        Assert.Equal(["a0", "a1", "a2"], Releases.SelectMany(r => r.AccountIds).Order());
    }

    /// <summary>Polls the batch's counts until <paramref name="reached"/> holds, for at most 10 s; whether it did.</summary>
    private static async Task<bool> CountsReachAsync(DurableTaskClient client, string id, Func<Dictionary<string, NodeCounts>, bool> reached)
    {
        for (var waited = System.Diagnostics.Stopwatch.StartNew(); waited.Elapsed < TimeSpan.FromSeconds(10); await Task.Delay(20))
        {
            if (Counts(await client.GetInstanceAsync(id, getInputsAndOutputs: true)) is { } counts && reached(counts))
            {
                return true;
            }
        }

        return false;
    }

    [Fact]
    public async Task A_removed_account_does_not_go_on()
    {
        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, var calls) = await RunAsync(Journey(otherPath: true, wait: "PT5S"), async (client, id) =>
        {
            // Once a1 is in the wait (the counts say so), it is removed: it must not reach the end.
            Assert.True(await CountsReachAsync(client, id, c => c.GetValueOrDefault("pause")?.Current == 3));
            await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a1");
        });

        Assert.Equal(3, counts["pause"].Reached);
        Assert.Equal(2, counts["end"].Reached);
        Assert.Equal((2, 1), (result.Ended, result.Left));
        Assert.Contains(("tier", "a1"), calls);
    }

    [Fact]
    public async Task A_removed_account_leaves_a_wait_at_once_and_the_others_wait_it_out()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "hold", "type": "wait", "duration": "PT4S" },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "hold" }, { "from": "hold", "to": "end" } ] }
            """, JsonDefaults.Options)!;
        bool leftAtOnce = false;

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, _) = await RunAsync(journey, async (client, id) =>
        {
            Assert.True(await CountsReachAsync(client, id, c => c.GetValueOrDefault("hold")?.Current == 3));
            await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a1");
            // Out of the wait's counts (and positions) while the others still wait: the old walk kept it there 4 s.
            leftAtOnce = await CountsReachAsync(client, id, c => c["hold"] is { Current: 2, Left: 1 } && !c.ContainsKey("end"));
        });

        Assert.True(leftAtOnce);
        Assert.Equal((3, 0, 3), (counts["hold"].Reached, counts["hold"].Current, counts["hold"].Left));
        Assert.Equal(2, counts["end"].Reached);
        Assert.Equal(2, result.Ended);
        List<NodePositionsRequest> departures = [.. Positions.Where(p => p.NodeId == "hold" && !p.Arrived)];
        Assert.Equal([["a1"], ["a0", "a2"]], departures.Select(p => p.AccountIds.ToArray()));
    }

    [Fact]
    public async Task Removing_every_account_held_ends_a_long_wait_and_a_listen_without_timeout_at_once()
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>("""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                { "id": "linger", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" } },
                { "id": "nap", "type": "wait", "duration": "P30D" },
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "linger" }, { "from": "linger", "to": "nap", "path": "event" }, { "from": "nap", "to": "end" } ] }
            """, JsonDefaults.Options)!;

        (AccountBatchResult result, Dictionary<string, NodeCounts> counts, _) = await RunAsync(journey, async (client, id) =>
        {
            Assert.True(await CountsReachAsync(client, id, c => c.GetValueOrDefault("linger")?.Current == 3));
            await client.RaiseEventAsync(id, EventTrigger.EventName("account", "interestingMoment", "linger"), new[] { new RaisedEvent("account", "interestingMoment", "a0") });
            Assert.True(await CountsReachAsync(client, id, c => c.GetValueOrDefault("nap")?.Current == 1));
            await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a2");
            await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a0");
            await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a1");
        });

        // The batch completed (within RunAsync's bound, not 30 days): nobody is held, nobody reached the end.
        Assert.Equal((3, 0, 3), (counts["linger"].Reached, counts["linger"].Current, counts["linger"].Left));
        Assert.Equal((1, 0, 1), (counts["nap"].Reached, counts["nap"].Current, counts["nap"].Left));
        Assert.False(counts.ContainsKey("end"));
        Assert.Equal((0, 3), (result.Ended, result.Left));
        Assert.Equal(["a0"], Positions.Where(p => p.NodeId == "nap" && !p.Arrived).SelectMany(p => p.AccountIds));
        Assert.Equal(["a0", "a1", "a2"], Positions.Where(p => p.NodeId == "linger" && !p.Arrived).SelectMany(p => p.AccountIds).Order());
        Assert.Equal(["a0", "a1", "a2"], Releases.SelectMany(r => r.AccountIds).Order()); // free to enter again
    }

    [Theory]
    [InlineData("""{ "id": "stall", "type": "wait", "duration": "PT1M" }""", """{ "from": "stall", "to": "end" }""")]
    [InlineData("""{ "id": "stall", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" } }""", """{ "from": "stall", "to": "end", "path": "event" }""")]
    public async Task A_removal_while_a_hold_s_arrival_record_fails_for_good_still_reports_the_failure_at_its_node(string stall, string onward)
    {
        JourneyDefinition journey = JsonSerializer.Deserialize<JourneyDefinition>($$"""
            { "nodes": [
                { "id": "start", "type": "start", "audience": { "accounts": ["a0", "a1", "a2"] } },
                {{stall}},
                { "id": "end", "type": "end" } ],
              "edges": [ { "from": "start", "to": "stall" }, {{onward}} ] }
            """, JsonDefaults.Options)!;
        int tried = 0;

        // Every try of the arrival record fails (the retries run out after about 31 s); accounts are removed meanwhile,
        // so their departures wait for that arrival too (at a listen without timeout, every one of them: nothing else
        // there waits for it): the batch must still end with the failure at its node, not fail as a whole or hide it.
        (AccountBatchResult result, _, _) = await RunAsync(
            journey,
            async (client, id) =>
            {
                while (Volatile.Read(ref tried) == 0)
                {
                    await Task.Delay(20);
                }

                await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a0");
                await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a1");
                await client.RaiseEventAsync(id, RunEvents.RemoveAccount, "a2");
            },
            request =>
            {
                if (request.NodeId == "stall" && request.Arrived)
                {
                    Interlocked.Exchange(ref tried, 1);
                    throw new InvalidOperationException("the positions table is gone");
                }

                return request.AccountIds.Count;
            });

        Assert.Equal(("stall", 0), (result.Failure?.NodeId, result.Failure?.Batch));
        Assert.Equal(["a0", "a1", "a2"], Releases.SelectMany(r => r.AccountIds).Order());
    }
}
