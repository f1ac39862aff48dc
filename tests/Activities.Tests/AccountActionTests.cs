using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.Outbox;

namespace JourneyFunctions.Activities.Tests;

/// <summary>Every account action against real stores on Azurite: its effect is stored, and a retry leaves exactly one.</summary>
public sealed class AccountActionTests
{
    [Fact]
    public async Task Change_account_data_value_sets_the_attribute_once()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        (ActionResult first, _) = await bed.RunTwiceAsync(bed.Request("changeAccountDataValue", """{ "attribute": "Tier", "value": "gold" }"""));

        Assert.Equal(2, first.Accounts);
        Assert.Equal("gold", (await bed.Accounts.GetAttributesAsync(bed.AccountId(1)))!["Tier"]);
        Assert.Equal(2, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Update_account_profile_sets_several_attributes()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("updateAccountProfile", """{ "attributes": { "Tier": "gold", "Region": "EMEA" } }"""));

        IReadOnlyDictionary<string, string?> account = (await bed.Accounts.GetAttributesAsync(bed.AccountId(0)))!;
        Assert.Equal(("gold", "EMEA", "Company 0"), (account["Tier"], account["Region"], account["Name"]));
        Assert.Equal(2, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Update_account_profile_clears_an_attribute_given_as_null()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("updateAccountProfile", """{ "attributes": { "Tier": "gold" } }"""));
        await bed.RunTwiceAsync(bed.Request("updateAccountProfile", """{ "attributes": { "Tier": null } }""", node: "n2"));

        IReadOnlyDictionary<string, string?> account = (await bed.Accounts.GetAttributesAsync(bed.AccountId(0)))!;
        Assert.Equal(("", "Company 0"), (account["Tier"], account["Name"]));
    }

    [Fact]
    public async Task Account_interesting_moment_is_recorded_once_per_account()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("accountInterestingMoment", """{ "type": "milestone", "description": "Reached MQA" }"""));

        var moment = Assert.Single(await bed.Moments.GetAsync(bed.AccountId(0)));
        Assert.Equal((InterestingMoments.AccountTarget, "milestone", "Reached MQA"), (moment.GetString("TargetId"), moment.GetString("Type"), moment.GetString("Description")));
    }

    /// <param name="name">An audience name after the bed's prefix; the second, of 100 characters, escapes to a key past 128.</param>
    [Theory]
    [InlineData(" Q4 targets")]
    [InlineData(" Q4 2026 EMEA Enterprise Cloud Platform - Data & Analytics (Tier 1) prospects, re-engaged")]
    public async Task Activate_then_deactivate_records_which_accounts_were_pushed(string name)
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string audience = bed.Prefix + name;
        string settings = $$"""{ "destination": "LinkedIn", "audienceName": "{{audience}}" }""";
        await bed.RunTwiceAsync(bed.Request("activateToDestination", settings));
        Assert.Equal(bed.AllAccounts(), (await bed.Destinations.GetAccountsAsync("LinkedIn", audience)).Order());

        await bed.RunTwiceAsync(bed.Request("deactivateFromDestination", settings, [bed.AccountId(0)], node: "n2"));
        Assert.Equal([bed.AccountId(1)], await bed.Destinations.GetAccountsAsync("LinkedIn", audience));
        Assert.Equal(3, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Account_list_membership_follows_add_and_remove_and_a_list_no_longer_live_is_skipped()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string listId = bed.Prefix + "-list";
        await bed.Lists.SaveAsync(new(listId, "Targets", IsStatic: true, IsLive: true));
        await bed.RunTwiceAsync(bed.Request("addToAccountList", $$"""{ "listId": "{{listId}}" }"""));
        await bed.RunTwiceAsync(bed.Request("removeFromAccountList", $$"""{ "listId": "{{listId}}" }""", [bed.AccountId(1)], node: "n2"));
        Assert.Equal([bed.AccountId(0)], await bed.Lists.GetMembersAsync(listId));

        await bed.Lists.SaveAsync(new(listId, "Targets", IsStatic: true, IsLive: false));
        ActionResult refused = await bed.ApplyAsync(bed.Request("addToAccountList", $$"""{ "listId": "{{listId}}" }""", node: "n3"));
        Assert.Equal((0, 2), (refused.Accounts, refused.Skipped));
        Assert.Equal([bed.AccountId(0)], await bed.Lists.GetMembersAsync(listId));
    }

    [Fact]
    public async Task Buying_group_stage_and_status_are_set_per_account()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("updateBuyingGroupStage", """{ "solutionInterest": "Cloud Platform", "stage": "Sales ready" }"""));
        await bed.RunTwiceAsync(bed.Request("updateBuyingGroupStatus", """{ "solutionInterest": "Cloud Platform", "status": "Engaged" }""", node: "n2"));

        var group = (await bed.BuyingGroups.GetGroupAsync(bed.AccountId(1), "Cloud Platform"))!;
        Assert.Equal(("Sales ready", "Engaged"), (group.GetString("Stage"), group.GetString("Status")));
        Assert.Equal(4, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Sales_alert_goes_once_to_each_account_owner_and_accounts_without_one_or_with_a_blank_one_are_skipped()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 3);
        await bed.Marketo.AddEmailAsync(new("Default", "Alert", "{{account.Name}}: {{account.SolutionInterest}}", "Call {{account.Name}}"));
        (ActionResult first, ActionResult retry) = await bed.RunTwiceAsync(bed.Request("sendSalesAlert", """{ "solutionInterest": "Cloud Platform", "workspace": "Default", "emailName": "Alert" }""", bed.AllAccounts(3)));

        Assert.Equal((1, 1, 2), (first.Accounts, first.People, first.Skipped));
        Assert.Equal(first, retry);
        var alert = Assert.Single(await bed.Outbox.GetAsync(OutboxKind.SalesAlert, bed.RunId));
        Assert.Equal(("owner@example.com", "Company 0: Cloud Platform"), (alert.GetString("To"), alert.GetString("Subject")));
    }

    [Fact]
    public async Task Add_and_remove_account_to_journey_send_one_command_each_and_refuse_a_journey_that_is_not_live()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        // A real (trivial) journey: a local host sharing this Azurite may pick the commands up and run it.
        JourneyInfo target = await bed.Journeys.CreateAsync(System.Text.Json.JsonSerializer.Deserialize<JourneyDefinition>("""
            { "name": "target", "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["x"] } }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """, Domain.Json.JsonDefaults.Options)!);
        string settings = $$"""{ "journeyId": "{{target.Id}}" }""";

        ActionResult refused = await bed.ApplyAsync(bed.Request("addAccountToJourney", settings));
        Assert.Equal((0, 2), (refused.Accounts, refused.Skipped));
        Assert.All(await bed.EffectsAsync(), e => Assert.StartsWith("refused: journey", e.Detail, StringComparison.Ordinal));

        await bed.Journeys.PublishAsync(target.Id);
        (ActionResult added, _) = await bed.RunTwiceAsync(bed.Request("addAccountToJourney", settings, node: "n2"));
        (ActionResult removed, _) = await bed.RunTwiceAsync(bed.Request("removeAccountFromJourney", settings, node: "n3"));

        Assert.Equal((2, 2), (added.Accounts, removed.Accounts));
        List<Effect> effects = await bed.EffectsAsync();
        Assert.Equal(2, effects.Count(e => e.NodeId == "n2" && e.Detail == $"AddAccount {target.Id}"));
        Assert.Equal(2, effects.Count(e => e.NodeId == "n3" && e.Detail == $"RemoveAccount {target.Id}"));
    }

    [Fact]
    public async Task Adding_to_a_journey_past_its_end_date_is_refused_per_account_and_removing_from_it_still_goes()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        DateTimeOffset endAt = DateTimeOffset.UtcNow.AddSeconds(2);
        JourneyInfo target = await bed.Journeys.CreateAsync(System.Text.Json.JsonSerializer.Deserialize<JourneyDefinition>($$"""
            { "name": "ending", "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["x"] }, "endAt": "{{endAt:O}}" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """, Domain.Json.JsonDefaults.Options)!);
        await bed.Journeys.PublishAsync(target.Id);
        await Task.Delay(endAt - DateTimeOffset.UtcNow + TimeSpan.FromMilliseconds(200));
        string settings = $$"""{ "journeyId": "{{target.Id}}" }""";

        ActionResult added = await bed.ApplyAsync(bed.Request("addAccountToJourney", settings));
        ActionResult removed = await bed.ApplyAsync(bed.Request("removeAccountFromJourney", settings, node: "n2"));

        Assert.Equal((0, 2), (added.Accounts, added.Skipped));
        Assert.Equal(2, removed.Accounts);
        Assert.All((await bed.EffectsAsync()).Where(e => e.NodeId == "n1"), e => Assert.StartsWith($"refused: journey {target.Id} ended at", e.Detail, StringComparison.Ordinal));
    }
}
