using System.Text.Json;
using JourneyFunctions.Domain.Actions;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Tests;

/// <summary>The rules that need the stores: what a journey's settings name must exist and be live, checked on save and publish.</summary>
public sealed class ReferenceCheckTests
{
    private static JourneyDefinition Journey(string audience, params string[] actions) => JsonSerializer.Deserialize<JourneyDefinition>($$"""
        { "nodes": [ { "id": "s", "type": "start", "audience": {{audience}} }, {{string.Join(",", actions)}}, { "id": "e", "type": "end" } ], "edges": [] }
        """, JsonDefaults.Options)!;

    private static JourneyReferenceChecker Checker(ActionBed bed) => new(bed.Services);

    [Fact]
    public async Task Missing_or_unusable_references_are_each_named_with_node_and_setting()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        JourneyInfo draft = await bed.Journeys.CreateAsync(new JourneyDefinition { Name = "draft" });
        await bed.Lists.SaveAsync(new(bed.Prefix + "-smart", "Smart", IsStatic: false, IsLive: true));
        JourneyDefinition journey = Journey(
            $$"""{ "accountList": "{{bed.Prefix}}-nolist" }""",
            $$"""{ "id": "j", "type": "action", "action": "addAccountToJourney", "settings": { "journeyId": "{{draft.Id}}" } }""",
            $$"""{ "id": "l", "type": "action", "action": "addToAccountList", "settings": { "listId": "{{bed.Prefix}}-smart" } }""",
            """{ "id": "m", "type": "action", "action": "addToMarketoList", "settings": { "connection": "Nowhere", "list": "Newsletter" } }""",
            """{ "id": "c", "type": "action", "action": "addToRequestCampaign", "settings": { "connection": "Nowhere", "workspace": "Nowhere", "campaign": "Nurture" } }""",
            """{ "id": "d", "type": "action", "action": "activateToDestination", "settings": { "destination": "MySpace", "audienceName": "A" } }""",
            """{ "id": "a", "type": "action", "action": "addToExternalAudience", "settings": { "audienceName": "No such audience" } }""",
            """{ "id": "w", "type": "action", "action": "sendEmail", "settings": { "workspace": "Nowhere", "emailName": "Welcome" } }""");

        List<ValidationProblem> problems = await Checker(bed).CheckAsync(journey);

        Assert.Equal(
            [
                new("s", "audience.accountList", $"there is no account list '{bed.Prefix}-nolist'"),
                new("j", "journeyId", $"journey '{draft.Id}' is draft; it must be live"),
                new("l", "listId", $"account list '{bed.Prefix}-smart' is a smart list; it must be a static list"),
                new("m", "connection", "Marketo connection 'Nowhere' is not configured"),
                new("m", "list", "Marketo connection 'Nowhere' has no static list 'Newsletter'"),
                new("c", "connection", "Marketo connection 'Nowhere' is not configured"),
                new("c", "campaign", "workspace 'Nowhere' has no request campaign 'Nurture'"),
                new("d", "destination", "destination 'MySpace' is not configured"),
                new("a", "audienceName", "there is no external audience 'No such audience' (to create one, use newAudienceName)"),
                new("w", "emailName", "workspace 'Nowhere' has no email 'Welcome'"),
            ],
            problems);
    }

    [Fact]
    public async Task Existing_live_references_pass()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        string connection = bed.Prefix + " Marketo";
        await bed.Marketo.AddConnectionAsync(connection);
        await bed.Marketo.AddListAsync(connection, "Newsletter");
        await bed.Lists.SaveAsync(new(bed.Prefix + "-list", "Static", IsStatic: true, IsLive: true));
        JourneyInfo target = await bed.Journeys.CreateAsync(new JourneyDefinition { Name = "target" });
        await bed.Journeys.PublishAsync(target.Id);
        JourneyDefinition journey = Journey(
            $$"""{ "accountList": "{{bed.Prefix}}-list" }""",
            $$"""{ "id": "j", "type": "action", "action": "removeAccountFromJourney", "settings": { "journeyId": "{{target.Id}}" } }""",
            $$"""{ "id": "m", "type": "action", "action": "removeFromMarketoList", "settings": { "connection": "{{connection}}", "list": "Newsletter" } }""");

        Assert.Empty(await Checker(bed).CheckAsync(journey));
    }

    [Fact]
    public async Task A_journey_may_not_add_its_accounts_to_itself_nor_remove_them_from_itself()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        JourneyInfo self = await bed.Journeys.CreateAsync(new JourneyDefinition { Name = "self" });
        await bed.Journeys.PublishAsync(self.Id);
        JourneyDefinition journey = Journey(
            """{ "accounts": ["x"] }""",
            $$"""{ "id": "add", "type": "action", "action": "addAccountToJourney", "settings": { "journeyId": "{{self.Id}}" } }""",
            $$"""{ "id": "remove", "type": "action", "action": "removeAccountFromJourney", "settings": { "journeyId": "{{self.Id}}" } }""");

        Assert.Equal(
            [
                new("add", "journeyId", "names this journey itself; it must name another journey"),
                new("remove", "journeyId", "names this journey itself; it must name another journey"),
            ],
            await Checker(bed).CheckAsync(journey, self.Id));
        // Before it has an id (a new journey, a validation) it cannot name itself: the live journey is another one.
        Assert.Empty(await Checker(bed).CheckAsync(journey));
    }

    [Fact]
    public async Task Change_program_status_needs_the_connection_the_program_and_one_of_its_statuses()
    {
        ActionBed bed = await ActionBed.CreateAsync(accounts: 1);
        string connection = bed.Prefix + " Marketo";
        await bed.Marketo.AddConnectionAsync(connection);
        await bed.Marketo.AddProgramAsync(connection, "Webinar", ["Invited", "Registered"]);
        string Node(string id, string conn, string program, string status) =>
            $$"""{ "id": "{{id}}", "type": "action", "action": "changeProgramStatus", "settings": { "connection": "{{conn}}", "program": "{{program}}", "status": "{{status}}" } }""";
        JourneyDefinition journey = Journey(
            """{ "accounts": ["x"] }""",
            Node("ok", connection, "Webinar", "Registered"),
            Node("conn", "Nowhere", "Webinar", "Registered"),
            Node("prog", connection, "Roadshow", "Registered"),
            Node("status", connection, "Webinar", "Attended"));

        Assert.Equal(
            [
                new("conn", "connection", "Marketo connection 'Nowhere' is not configured"),
                new("conn", "program", "Marketo connection 'Nowhere' has no program 'Webinar'"),
                new("prog", "program", $"Marketo connection '{connection}' has no program 'Roadshow'"),
                new("status", "status", "program 'Webinar' has no status 'Attended' (its statuses: Invited, Registered)"),
            ],
            await Checker(bed).CheckAsync(journey));
    }
}
