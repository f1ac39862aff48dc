using System.Text.Json;
using JourneyFunctions.Domain.Actions;

namespace JourneyFunctions.Domain.Tests;

/// <summary>
/// Each action's own settings rules: one valid set of settings per action, and each bad case with the exact
/// (setting, reason) it gets. References (journeys, lists, Marketo objects) are checked against the stores elsewhere.
/// </summary>
public sealed class ActionRulesTests
{
    private static readonly string Long51 = new('x', 51);

    public static TheoryData<string, string> ValidSettings { get; } = new()
    {
        { "changeAccountDataValue", """{ "attribute": "Tier", "value": "" }""" },
        { "accountInterestingMoment", """{ "type": "email" }""" },
        { "activateToDestination", """{ "destination": "LinkedIn", "audienceName": "Q4 targets" }""" },
        { "deactivateFromDestination", """{ "destination": "LinkedIn", "audienceName": "Q4 targets" }""" },
        { "addAccountToJourney", """{ "journeyId": "j-1" }""" },
        { "removeAccountFromJourney", """{ "journeyId": "j-1" }""" },
        { "addToAccountList", """{ "listId": "target-accounts" }""" },
        { "removeFromAccountList", """{ "listId": "target-accounts" }""" },
        { "sendSalesAlert", """{ "solutionInterest": "Cloud", "workspace": "Default", "emailName": "Alert" }""" },
        { "updateBuyingGroupStage", """{ "solutionInterest": "Cloud", "stage": "Sales ready" }""" },
        { "updateBuyingGroupStatus", """{ "solutionInterest": "Cloud", "status": "Engaged" }""" },
        { "updateAccountProfile", """{ "attributes": { "Tier": "gold", "Employees": 120, "Active": true, "Note": null } }""" },
        { "addToExternalAudience", """{ "newAudienceName": "Webinar", "newAudienceDescription": "attendees" }""" },
        { "addToExternalAudience", """{ "audienceName": "Webinar" }""" },
        { "assignToBuyingGroup", """{ "solutionInterest": "Cloud", "role": "Decision maker" }""" },
        { "changeDataValue", """{ "attribute": "Title", "value": "CTO" }""" },
        { "changeScore", """{ "scoreName": "engagement", "change": -5 }""" },
        { "interestingMoment", """{ "type": "web", "description": "Visited pricing" }""" },
        { "removeFromBuyingGroup", """{ "solutionInterest": "Cloud" }""" },
        { "sendEmail", """{ "subject": "Hi {{lead.FirstName}}", "body": "Hello" }""" },
        { "sendEmail", """{ "workspace": "Default", "emailName": "Welcome" }""" },
        { "sendSms", """{ "message": "Hi" }""" },
        { "sendSms", """{ "message": "Hi {{ lead.FirstName : default=there }}, {{account.Name}} {{lead.Score_x:default=}}" }""" },
        { "addToRequestCampaign", """{ "connection": "Marketo", "workspace": "Default", "campaign": "Nurture" }""" },
        { "addToRequestCampaign", """{ "connection": "Marketo", "workspace": "Default", "campaign": "Nurture", "tokens": { "my.offer": "Free trial", "my.seats": 5 } }""" },
        { "addToMarketoList", """{ "connection": "Marketo", "list": "Newsletter" }""" },
        { "removeFromMarketoList", """{ "connection": "Marketo", "list": "Newsletter" }""" },
        { "updatePersonProfile", """{ "attributes": { "City": "Seoul" } }""" },
        { "changeProgramStatus", """{ "connection": "Marketo", "program": "Webinar Q4", "status": "Registered" }""" },
    };

    public static TheoryData<string, string, string, string> InvalidSettings { get; } = new()
    {
        { "changeAccountDataValue", """{ "value": "x" }""", "attribute", "is required" },
        { "changeAccountDataValue", """{ "attribute": "Tier" }""", "value", "is required (use \"\" to clear the value)" },
        { "changeAccountDataValue", """{ "attribute": "RowKey", "value": "x" }""", "attribute", "'RowKey' is kept by the engine and cannot be set by an action" },
        { "accountInterestingMoment", """{ "type": "call" }""", "type", "must be one of email, milestone, web" },
        { "accountInterestingMoment", """{ "type": "web", "description": 5 }""", "description", "must be text" },
        { "activateToDestination", """{ "audienceName": "Q4" }""", "destination", "is required" },
        { "deactivateFromDestination", """{ "destination": "LinkedIn" }""", "audienceName", "is required" },
        { "addAccountToJourney", "{}", "journeyId", "is required" },
        { "removeAccountFromJourney", "{}", "journeyId", "is required" },
        { "addToAccountList", "{}", "listId", "is required" },
        { "removeFromAccountList", """{ "listId": " " }""", "listId", "is required" },
        { "sendSalesAlert", """{ "workspace": "Default", "emailName": "Alert" }""", "solutionInterest", "is required" },
        { "sendSalesAlert", """{ "solutionInterest": "Cloud", "workspace": "Default" }""", "emailName", "is required" },
        { "updateBuyingGroupStage", """{ "solutionInterest": "Cloud" }""", "stage", "is required" },
        { "updateBuyingGroupStatus", """{ "solutionInterest": "Cloud" }""", "status", "is required" },
        { "updateBuyingGroupStatus", $$"""{ "solutionInterest": "Cloud", "status": "{{Long51}}" }""", "status", "must be at most 50 characters (got 51)" },
        { "updateAccountProfile", """{ "attributes": {} }""", "attributes", "is required: an object of attribute name -> new value, with at least one attribute" },
        { "updateAccountProfile", """{ "attributes": { "1st": "x" } }""", "attributes.1st", "'1st' is not a valid attribute name (a letter, then letters, digits or '_', at most 128)" },
        { "addToExternalAudience", "{}", "audienceName", "give either 'audienceName' or 'newAudienceName', not both or neither" },
        { "addToExternalAudience", """{ "audienceName": "A", "newAudienceName": "B" }""", "audienceName", "give either 'audienceName' or 'newAudienceName', not both or neither" },
        { "addToExternalAudience", """{ "newAudienceName": "" }""", "newAudienceName", "is required" },
        { "assignToBuyingGroup", """{ "solutionInterest": "Cloud" }""", "role", "is required" },
        { "changeDataValue", """{ "attribute": "ChangeVersion", "value": "1" }""", "attribute", "'ChangeVersion' is kept by the engine and cannot be set by an action" },
        { "changeDataValue", """{ "attribute": "unsubscribed", "value": "true" }""", "attribute", "'unsubscribed' is kept by the engine and cannot be set by an action" },
        { "changeScore", """{ "scoreName": "engagement" }""", "change", "is required: a signed whole number such as 10 or -5" },
        { "changeScore", """{ "scoreName": "engagement", "change": 0 }""", "change", "must not be 0" },
        { "changeScore", """{ "scoreName": "engagement", "change": 0.0 }""", "change", "must not be 0" },
        { "changeScore", """{ "scoreName": "engagement", "change": 5e-400 }""", "change", "must be a whole number from -1,000,000 to 1,000,000 (got 5e-400)" },
        { "changeScore", """{ "scoreName": "engagement", "change": 1.5 }""", "change", "must be a whole number from -1,000,000 to 1,000,000 (got 1.5)" },
        { "changeScore", """{ "scoreName": "engagement", "change": -1000001 }""", "change", "must be a whole number from -1,000,000 to 1,000,000 (got -1000001)" },
        { "changeScore", """{ "scoreName": "engagement", "change": 4.9999999999999999 }""", "change", "must be a whole number from -1,000,000 to 1,000,000 (got 4.9999999999999999)" },
        { "changeScore", """{ "change": 5 }""", "scoreName", "is required" },
        { "updateAccountProfile", "{ \"attributes\": {" + string.Join(", ", Enumerable.Range(0, 101).Select(i => $"\"A{i}\": \"x\"")) + "} }", "attributes", "may set at most 100 attributes at once (got 101)" },
        { "interestingMoment", "{}", "type", "is required: one of email, milestone, web" },
        { "removeFromBuyingGroup", "{}", "solutionInterest", "is required" },
        { "sendEmail", "{}", "subject", "give either 'subject' or 'emailName', not both or neither" },
        { "sendEmail", """{ "subject": "Hi" }""", "body", "is required" },
        { "sendEmail", """{ "emailName": "Welcome" }""", "workspace", "is required" },
        // A setting of the way not taken is still checked when given (the schema types it either way).
        { "sendEmail", """{ "subject": "Hi", "body": "Hello", "workspace": 5 }""", "workspace", "must be text (a JSON string)" },
        { "sendEmail", """{ "workspace": "Default", "emailName": "Welcome", "body": { "x": 1 } }""", "body", "must be text (a JSON string)" },
        { "addToExternalAudience", $$"""{ "audienceName": "A", "newAudienceDescription": "{{new string('x', 501)}}" }""", "newAudienceDescription", "must be at most 500 characters (got 501)" },
        { "sendSms", "{}", "message", "is required" },
        { "sendSms", """{ "message": "Hi {{lead.Title:default={{lead.FirstName}}}}" }""", "message", "'{{lead.Title:default={{lead.FirstName}}' is not a token: write {{lead.Field}} or {{account.Field}}, optionally with :default=text, e.g. {{lead.FirstName:default=there}}" },
        { "sendSms", """{ "message": "{{lead.FirstName:default={{x}}}} and {{ lead.Title }}" }""", "message", "'{{lead.FirstName:default={{x}}' is not a token: write {{lead.Field}} or {{account.Field}}, optionally with :default=text, e.g. {{lead.FirstName:default=there}}" },
        { "sendSms", """{ "message": "Hi {{{lead.FirstName}}}" }""", "message", "'{{{lead.FirstName}}' is not a token: write {{lead.Field}} or {{account.Field}}, optionally with :default=text, e.g. {{lead.FirstName:default=there}}" },
        { "sendSms", """{ "message": "Your offer: {{my.offer}}" }""", "message", "'{{my.offer}}' is not a token: write {{lead.Field}} or {{account.Field}}, optionally with :default=text, e.g. {{lead.FirstName:default=there}}" },
        { "sendEmail", """{ "subject": "Hi {{lead.FirstName}}", "body": "Hello {{lead.FirstName" }""", "body", "'{{lead.FirstName' is not a token: write {{lead.Field}} or {{account.Field}}, optionally with :default=text, e.g. {{lead.FirstName:default=there}}" },
        { "addToRequestCampaign", """{ "workspace": "Default", "campaign": "Nurture" }""", "connection", "is required" },
        { "addToRequestCampaign", """{ "connection": "Marketo", "workspace": "Default", "campaign": "Nurture", "tokens": { "offer": "x" } }""", "tokens.offer", "'offer' is not a token name (my. then letters, digits, '_' or '-', at most 50)" },
        { "addToRequestCampaign", """{ "connection": "Marketo", "workspace": "Default", "campaign": "Nurture", "tokens": "my.offer" }""", "tokens", "must be an object of at most 20 tokens: \"my.name\" -> text" },
        { "addToMarketoList", """{ "connection": "Marketo" }""", "list", "is required" },
        { "removeFromMarketoList", """{ "list": "Newsletter" }""", "connection", "is required" },
        { "updatePersonProfile", """{ "attributes": "City" }""", "attributes", "is required: an object of attribute name -> new value, with at least one attribute" },
        { "updatePersonProfile", """{ "attributes": { "City": "Seoul", "Tier": { "a": 1 } } }""", "attributes.Tier", "must be text, a number, true/false or null, not an object or a list" },
        { "updateAccountProfile", """{ "attributes": { "Tags": ["a"], "Active": true, "Note": null } }""", "attributes.Tags", "must be text, a number, true/false or null, not an object or a list" },
        { "changeProgramStatus", """{ "connection": "Marketo", "status": "Registered" }""", "program", "is required" },
        { "changeProgramStatus", $$"""{ "connection": "Marketo", "program": "Webinar Q4", "status": "{{new string('x', 101)}}" }""", "status", "must be at most 100 characters (got 101)" },
    };

    private static ActionSettings Settings(string json) => new(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(json));

    [Fact]
    public void The_catalog_has_the_10_account_and_11_people_actions_of_the_product_plus_the_four_added_since()
    {
        Assert.Equal(12, ActionCatalog.All.Count(a => a.Scope == ActionScope.Account));
        Assert.Equal(13, ActionCatalog.All.Count(a => a.Scope == ActionScope.People));
        Assert.Equal(ActionCatalog.All.Count, ActionCatalog.All.Select(a => a.Type).Distinct().Count());
        Assert.All(ActionCatalog.All, a => Assert.Equal(a.Scope == ActionScope.Account ? "ApplyAccountAction" : "ApplyPeopleAction", a.ActivityName));
    }

    [Theory]
    [MemberData(nameof(ValidSettings))]
    public void Valid_settings_pass(string action, string settings) =>
        Assert.Empty(ActionCatalog.Find(action)!.Rules(Settings(settings)));

    [Theory]
    [MemberData(nameof(InvalidSettings))]
    public void Each_bad_setting_is_named_with_its_reason(string action, string settings, string setting, string reason) =>
        Assert.Contains((setting, reason), ActionCatalog.Find(action)!.Rules(Settings(settings)));

    [Fact]
    public void Every_action_has_a_valid_example_and_a_bad_case() =>
        Assert.All(ActionCatalog.All, action =>
        {
            Assert.Contains(ValidSettings, row => (string)row[0] == action.Type);
            Assert.Contains(InvalidSettings, row => (string)row[0] == action.Type);
        });

    [Fact]
    public void References_are_listed_only_for_settings_that_pass_their_rules()
    {
        ActionDefinition addToList = ActionCatalog.Find("addToMarketoList")!;
        Assert.Equal(
            ["connection", "list"],
            addToList.ReferencesOf(Settings("""{ "connection": "Marketo", "list": "Newsletter" }""")).Select(r => r.Setting));
        Assert.Empty(addToList.ReferencesOf(Settings("""{ "connection": "Marketo" }""")));
    }
}
