using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Audiences;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Effects;
using JourneyFunctions.Domain.Outbox;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Audiences;
using JourneyFunctions.Storage.Effects;
using JourneyFunctions.Storage.Outbox;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Activities.Tests;

/// <summary>Every people action against real stores on Azurite: its effect is stored, and a retry leaves exactly one.</summary>
public sealed class PeopleActionTests
{
    [Fact]
    public async Task Change_score_adds_once_per_person_even_when_retried()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("changeScore", """{ "scoreName": "engagement", "change": 10 }"""));
        await bed.RunTwiceAsync(bed.Request("changeScore", """{ "scoreName": "engagement", "change": -3 }""", node: "n2"));

        TableEntity person = (await bed.People.GetAsync(bed.AccountId(1), bed.PersonId(1, 2)))!;
        Assert.Equal(7, person.GetDouble("Score_engagement"));
        Assert.Equal(16, (await bed.EffectsAsync()).Count);
    }

    [Theory]
    [InlineData("50", 60)] // updatePersonProfile and changeDataValue store numbers as text
    [InlineData(" 3.5 ", 13.5)]
    [InlineData("abc", 10)] // no number: counted from 0
    public async Task Change_score_adds_to_a_score_stored_as_text(string stored, double expected)
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        await bed.RunTwiceAsync(bed.Request("updatePersonProfile", $$"""{ "attributes": { "Score_engagement": {{JsonSerializer.Serialize(stored)}} } }"""));
        await bed.RunTwiceAsync(bed.Request("changeScore", """{ "scoreName": "engagement", "change": 10 }""", node: "n2"));

        Assert.Equal(expected, (await bed.People.GetAsync(bed.AccountId(0), bed.PersonId(0, 0)))!.GetDouble("Score_engagement"));
    }

    [Fact]
    public async Task A_retried_change_score_scores_a_person_added_since_the_first_attempt_and_no_one_twice()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 3);
        ActionRequest score = bed.Request("changeScore", """{ "scoreName": "engagement", "change": 10 }""");
        Assert.Equal(3, (await bed.ApplyAsync(score)).People);
        string newcomer = bed.PersonId(0, 9);
        await bed.People.LoadAsync([new TableEntity(bed.AccountId(0), newcomer)]);

        // The retry reads the three with this effect in their ScoreEffects and the newcomer without: only the newcomer
        // is scored.
        Assert.Equal(4, (await bed.ApplyAsync(score)).People);

        Assert.Equal(10, (await bed.People.GetAsync(bed.AccountId(0), newcomer))!.GetDouble("Score_engagement"));
        Assert.All(await bed.People.GetAccountPeopleAsync(bed.AccountId(0)), p => Assert.Equal(10, p.GetDouble("Score_engagement")));
    }

    [Fact]
    public async Task A_person_remembers_the_last_64_score_changes_and_no_marker_rows()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        string account = bed.AccountId(0);
        async Task<int> ScoreAsync(int effect) =>
            await bed.People.ChangeScoreOnceAsync($"run-{effect}~node", (await bed.People.PeopleOfAccountsAsync([account]))[account], "fit", 1);

        foreach (int effect in Enumerable.Range(0, 70))
        {
            Assert.Equal(1, await ScoreAsync(effect));
        }

        Assert.Equal((0, 0), (await ScoreAsync(69), await ScoreAsync(6))); // retries of remembered changes
        TableEntity person = Assert.Single(await bed.People.GetAccountPeopleAsync(account));
        Assert.Equal(70, person.GetDouble("Score_fit"));
        Assert.Equal(64, person.GetString("ScoreEffects")!.Split(' ').Length);
        Assert.Equal(1, await ScoreAsync(5)); // forgotten: 64 later changes came after it
        string whole = TableClient.CreateQueryFilter($"PartitionKey eq {account}");
        Assert.Equal(1, await ActionBed.Storage.Table(PeopleStore.TableOf(account)).QueryAsync<TableEntity>(whole).CountAsync());
    }

    [Fact]
    public async Task Change_data_value_and_update_person_profile_set_attributes_of_the_people_on_the_path()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        var onPath = new Dictionary<string, IReadOnlyList<string>> { [bed.AccountId(0)] = [bed.PersonId(0, 2)] };
        ActionRequest change = bed.Request("changeDataValue", """{ "attribute": "Title", "value": "CTO" }""", [bed.AccountId(0)]) with { People = onPath };
        await bed.RunTwiceAsync(change);
        await bed.RunTwiceAsync(bed.Request("updatePersonProfile", """{ "attributes": { "City": "Seoul", "JobLevel": "Executive" } }""", [bed.AccountId(0)], node: "n2"));

        TableEntity chosen = (await bed.People.GetAsync(bed.AccountId(0), bed.PersonId(0, 2)))!;
        TableEntity other = (await bed.People.GetAsync(bed.AccountId(0), bed.PersonId(0, 3)))!;
        Assert.Equal(("CTO", null, "Seoul", "Executive"), (chosen.GetString("Title"), other.GetString("Title"), other.GetString("City"), chosen.GetString("JobLevel")));
        Assert.Equal(1 + 4, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Only_a_change_of_a_synced_field_gives_a_person_a_new_change_version()
    {
        // The sales sync compares versions: a copy is out of date only when a field it copies changed.
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1, people: 1);
        string account = bed.AccountId(0), person = bed.PersonId(0, 0);
        await bed.People.LoadAsync([new TableEntity(account, person) { ["ChangeVersion"] = 5L, ["Title"] = "CEO" }]);
        long? Version() => bed.People.GetAsync(account, person).GetAwaiter().GetResult()!.GetInt64("ChangeVersion");

        await bed.RunTwiceAsync(bed.Request("changeScore", """{ "scoreName": "fit", "change": 3 }""", [account]));
        await bed.RunTwiceAsync(bed.Request("changeDataValue", """{ "attribute": "City", "value": "Seoul" }""", [account], node: "n2"));
        Assert.Equal(5, Version());

        await bed.RunTwiceAsync(bed.Request("changeDataValue", """{ "attribute": "Title", "value": "CTO" }""", [account], node: "n3"));
        Assert.True(Version() > 5);
    }

    [Fact]
    public async Task Update_person_profile_clears_an_attribute_given_as_null()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("updatePersonProfile", """{ "attributes": { "City": "Seoul" } }""", [bed.AccountId(0)]));
        await bed.RunTwiceAsync(bed.Request("updatePersonProfile", """{ "attributes": { "City": null } }""", [bed.AccountId(0)], node: "n2"));

        Assert.Equal("", (await bed.People.GetAsync(bed.AccountId(0), bed.PersonId(0, 2)))!.GetString("City"));
    }

    [Fact]
    public async Task Person_interesting_moment_is_recorded_once_per_person()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.RunTwiceAsync(bed.Request("interestingMoment", """{ "type": "web" }"""));

        Assert.Equal(4, (await bed.Moments.GetAsync(bed.AccountId(0))).Count(m => m.GetString("Type") == "web"));
    }

    /// <param name="solution">A name, and one of the 100 characters a name may hold whose key, escaped, would pass 128.</param>
    [Theory]
    [InlineData("Cloud Platform")]
    [InlineData("Données & Analytique (Niveau 1) — prospects réengagés, équipe Europe de l'Ouest, année fiscale 2026")]
    public async Task Buying_group_members_are_assigned_with_their_role_and_removed(string solution)
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string solutionJson = JsonSerializer.Serialize(solution);
        await bed.RunTwiceAsync(bed.Request("assignToBuyingGroup", $$"""{ "solutionInterest": {{solutionJson}}, "role": "Decision maker" }"""));
        var leaving = new Dictionary<string, IReadOnlyList<string>> { [bed.AccountId(0)] = [bed.PersonId(0, 3)] };
        await bed.RunTwiceAsync(bed.Request("removeFromBuyingGroup", $$"""{ "solutionInterest": {{solutionJson}} }""", [bed.AccountId(0)], node: "n2") with { People = leaving });

        Dictionary<string, string?> members = await bed.BuyingGroups.GetMembersAsync(bed.AccountId(0), solution);
        Assert.Equal([bed.PersonId(0, 0), bed.PersonId(0, 1), bed.PersonId(0, 2)], members.Keys.Order());
        Assert.All(members.Values, role => Assert.Equal("Decision maker", role));
    }

    [Fact]
    public async Task A_new_external_audience_starts_with_the_placeholder_which_the_first_profile_replaces()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string name = bed.Prefix + " audience";
        await bed.Audiences.CreateAsync(name, null);
        Assert.Equal([ExternalAudienceStore.PlaceholderEmail], (await bed.Audiences.GetProfilesAsync(ExternalAudienceStore.IdOf(name))).Values);

        await bed.RunTwiceAsync(bed.Request("addToExternalAudience", $$"""{ "newAudienceName": "{{name}}", "newAudienceDescription": "from a journey" }"""));

        Dictionary<string, string?> profiles = await bed.Audiences.GetProfilesAsync(ExternalAudienceStore.IdOf(name));
        Assert.Equal(8, profiles.Count);
        Assert.DoesNotContain(ExternalAudienceStore.PlaceholderEmail, profiles.Values);
        Assert.Equal($"{bed.PersonId(1, 3)}@example.com", profiles[bed.PersonId(1, 3)]);
    }

    [Fact]
    public async Task A_personalized_email_longer_than_a_table_property_is_queued_whole_and_one_over_the_message_bound_is_skipped()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        await bed.People.SetFieldsAsync(bed.AccountId(0), [bed.PersonId(0, 2)], new Dictionary<string, string?> { ["Notes"] = new string('n', 4_000) });
        await bed.People.SetFieldsAsync(bed.AccountId(0), [bed.PersonId(0, 3)], new Dictionary<string, string?> { ["Big"] = new string('b', 30_000) });
        string template = new string('y', 29_000) + "{{lead.Notes}}" + string.Concat(Enumerable.Repeat("{{lead.Big}}", 6));
        string settings = JsonSerializer.Serialize(new { subject = "long", body = template });

        (ActionResult first, ActionResult retry) = await bed.RunTwiceAsync(bed.Request("sendEmail", settings));

        // Queued: (0,2) at 33,000 characters and the two of account 1; skipped: the unsubscribed and emailless four and (0,3) at 209,000.
        Assert.Equal((3, 5), (first.People, first.Skipped));
        Assert.Equal(first, retry);
        List<TableEntity> outbox = await bed.Outbox.GetAsync(OutboxKind.Email, bed.JourneyId);
        TableEntity longest = outbox.Single(m => m.GetString("TargetId") == bed.PersonId(0, 2));
        Assert.Equal(new string('y', 29_000) + new string('n', 4_000), LargeText.Read(longest, "Body"));
        Assert.DoesNotContain(outbox, m => m.GetString("TargetId") == bed.PersonId(0, 3));
        Assert.Contains(await bed.EffectsAsync(), e => e.TargetId == bed.PersonId(0, 3) && e.Detail == OutboxMessage.TooLongReason);
    }

    [Fact]
    public async Task Send_email_skips_unsubscribed_and_emailless_people_and_sends_once_per_journey()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string settings = """{ "subject": "Hi {{lead.FirstName}}", "body": "Hello {{lead.LastName:default=friend}} at {{account.Name}}" }""";
        (ActionResult first, ActionResult retry) = await bed.RunTwiceAsync(bed.Request("sendEmail", settings));

        Assert.Equal((4, 4), (first.People, first.Skipped));
        Assert.Equal(first, retry);
        List<TableEntity> outbox = await bed.Outbox.GetAsync(OutboxKind.Email, bed.JourneyId);
        Assert.Equal(4, outbox.Count);
        TableEntity email = outbox.Single(m => m.GetString("TargetId") == bed.PersonId(0, 2));
        Assert.Equal(("Hi First2", "Hello friend at Company 0"), (email.GetString("Subject"), email.GetString("Body")));
        Assert.Equal($"{bed.PersonId(0, 2)}@example.com", email.GetString("To")); // the address as kept, spaces around it left out
        List<Effect> effects = await bed.EffectsAsync();
        Assert.Equal((2, 2), (effects.Count(e => e.Detail == "skipped: unsubscribed"), effects.Count(e => e.Detail == "skipped: no email")));

        ActionResult secondRun = await bed.ApplyAsync(bed.Request("sendEmail", settings, runId: bed.Prefix + "-run2"));
        Assert.Equal((0, 8), (secondRun.People, secondRun.Skipped));
        Assert.Equal(4, (await bed.Outbox.GetAsync(OutboxKind.Email, bed.JourneyId)).Count);
    }

    [Fact]
    public async Task Send_email_can_use_an_email_from_a_Marketo_workspace()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        string workspace = bed.Prefix + "-ws";
        await bed.Marketo.AddEmailAsync(new(workspace, "Welcome", "Welcome {{lead.FirstName}}", "Body"));
        await bed.ApplyAsync(bed.Request("sendEmail", $$"""{ "workspace": "{{workspace}}", "emailName": "Welcome" }""", [bed.AccountId(0)]));

        Assert.Equal(["Welcome First2", "Welcome First3"], (await bed.Outbox.GetAsync(OutboxKind.Email, bed.JourneyId)).Select(m => m.GetString("Subject")).Order());
    }

    [Fact]
    public async Task Two_workspace_emails_whose_names_join_to_the_same_text_are_each_sent()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        // "{prefix}-x" + "y-Welcome" and "{prefix}-x-y" + "Welcome": joined by '-' they read the same.
        await bed.Marketo.AddEmailAsync(new(bed.Prefix + "-x", "y-Welcome", "First", "Body"));
        await bed.Marketo.AddEmailAsync(new(bed.Prefix + "-x-y", "Welcome", "Second", "Body"));

        await bed.ApplyAsync(bed.Request("sendEmail", $$"""{ "workspace": "{{bed.Prefix}}-x", "emailName": "y-Welcome" }""", [bed.AccountId(0)], node: "first"));
        await bed.ApplyAsync(bed.Request("sendEmail", $$"""{ "workspace": "{{bed.Prefix}}-x-y", "emailName": "Welcome" }""", [bed.AccountId(0)], node: "second"));

        Assert.Equal(["First", "First", "Second", "Second"], (await bed.Outbox.GetAsync(OutboxKind.Email, bed.JourneyId)).Select(m => m.GetString("Subject")).Order());
    }

    [Fact]
    public async Task Send_sms_skips_unsubscribed_people_and_people_without_a_valid_phone_and_sends_once()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        (ActionResult first, _) = await bed.RunTwiceAsync(bed.Request("sendSms", """{ "message": "Hi {{lead.FirstName}} of {{account.Name:default=nowhere}}" }"""));

        // Per account of four: person 0 unsubscribed, person 1 with a phone that is no number.
        Assert.Equal((4, 4), (first.People, first.Skipped));
        List<TableEntity> sms = await bed.Outbox.GetAsync(OutboxKind.Sms, bed.RunId);
        Assert.Equal(4, sms.Count);
        Assert.DoesNotContain(sms, m => m.GetString("To") == "+821012345670");
        Assert.Contains(sms, m => m.GetString("To") == "+821012345672" && m.GetString("Body") == "Hi First2 of Company 0");
        Assert.Contains(sms, m => m.GetString("To") == "+821012345672" && m.GetString("Body") == "Hi First2 of Company 1");
    }

    [Fact]
    public async Task Request_campaign_and_Marketo_list_membership_are_recorded_per_person()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string connection = bed.Prefix + " connection";
        await bed.RunTwiceAsync(bed.Request("addToRequestCampaign", $$"""{ "connection": "{{connection}}", "workspace": "{{connection}}", "campaign": "Nurture" }"""));
        await bed.RunTwiceAsync(bed.Request("addToMarketoList", $$"""{ "connection": "{{connection}}", "list": "Newsletter" }""", node: "n2"));
        await bed.RunTwiceAsync(bed.Request("removeFromMarketoList", $$"""{ "connection": "{{connection}}", "list": "Newsletter" }""", [bed.AccountId(1)], node: "n3"));

        Assert.Equal(8, (await bed.Marketo.GetCampaignMembersAsync(connection, "Nurture")).Count);
        Assert.Equal(Enumerable.Range(0, 4).Select(p => bed.PersonId(0, p)), (await bed.Marketo.GetListMembersAsync(connection, "Newsletter")).Order());
        Assert.Equal(8 + 8 + 4, (await bed.EffectsAsync()).Count);
    }

    [Fact]
    public async Task Change_program_status_sets_each_persons_status_once_and_skips_a_status_the_program_no_longer_has()
    {
        ActionBed bed = await ActionBed.CreateAsync();
        string connection = bed.Prefix + " connection";
        await bed.Marketo.AddProgramAsync(connection, "Webinar", ["Invited", "Registered", "Attended"]);
        var onPath = new Dictionary<string, IReadOnlyList<string>> { [bed.AccountId(1)] = [bed.PersonId(1, 2)] };
        (ActionResult invited, ActionResult retry) = await bed.RunTwiceAsync(
            bed.Request("changeProgramStatus", $$"""{ "connection": "{{connection}}", "program": "Webinar", "status": "Invited" }"""));
        await bed.RunTwiceAsync(
            bed.Request("changeProgramStatus", $$"""{ "connection": "{{connection}}", "program": "Webinar", "status": "Attended" }""", [bed.AccountId(1)], node: "n2") with { People = onPath });

        Assert.Equal((2, 8, 0), (invited.Accounts, invited.People, invited.Skipped));
        Assert.Equal(invited, retry);
        Dictionary<string, string?> members = await bed.Marketo.GetProgramMembersAsync(connection, "Webinar");
        Assert.Equal(8, members.Count);
        Assert.Equal(("Invited", "Attended"), (members[bed.PersonId(0, 2)], members[bed.PersonId(1, 2)]));
        Assert.Equal(8 + 1, (await bed.EffectsAsync()).Count);

        await bed.Marketo.AddProgramAsync(connection, "Webinar", ["Invited", "Registered"]);
        ActionResult skipped = await bed.ApplyAsync(
            bed.Request("changeProgramStatus", $$"""{ "connection": "{{connection}}", "program": "Webinar", "status": "Attended" }""", [bed.AccountId(0)], node: "n3"));
        Assert.Equal((0, 0, 4), (skipped.Accounts, skipped.People, skipped.Skipped));
        Assert.Equal("Invited", (await bed.Marketo.GetProgramMembersAsync(connection, "Webinar"))[bed.PersonId(0, 3)]);
        Assert.All((await bed.EffectsAsync()).Where(e => e.NodeId == "n3"), e => Assert.Equal("skipped: program 'Webinar' has no status 'Attended' (its statuses: Invited, Registered)", e.Detail));
    }
}
