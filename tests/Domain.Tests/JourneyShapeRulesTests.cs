using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Domain.Tests;

/// <summary>Rules about node types, edges and what a split by people may hold; each with its exact problem.</summary>
public sealed class JourneyShapeRulesTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static IReadOnlyList<ValidationProblem> Validate(string json) =>
        JourneyValidator.Validate(JsonSerializer.Deserialize<JourneyDefinition>(json, JsonDefaults.Options)!, Now);

    /// <summary>start -> people split (path "p" through <paramref name="inside"/> back to end; join to end).</summary>
    private static IReadOnlyList<ValidationProblem> PeopleSplitHolding(string inside, string extraEdges = "") => Validate($$"""
        { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                     { "id": "ps", "type": "splitByPeople", "paths": [ { "id": "p", "conditions": [] } ] },
                     {{inside}},
                     { "id": "e", "type": "end" } ],
          "edges": [ { "from": "s", "to": "ps" }, { "from": "ps", "to": "in", "path": "p" }, { "from": "ps", "to": "e" } {{extraEdges}} ] }
        """);

    [Fact]
    public void Unknown_node_type_is_named() =>
        Assert.Contains(new ValidationProblem("x", "type", "unknown node type 'teleport'"), Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } }, { "id": "x", "type": "teleport" } ],
              "edges": [ { "from": "s", "to": "x" } ] }
            """));

    [Fact]
    public void People_actions_may_stand_in_a_people_split() =>
        Assert.Empty(PeopleSplitHolding("""{ "id": "in", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } }""", ", { \"from\": \"in\", \"to\": \"e\" }"));

    [Fact]
    public void Account_actions_are_refused_in_a_people_split() =>
        Assert.Equal(
            [new ValidationProblem("in", "type", "account actions are not allowed inside a split by people")],
            PeopleSplitHolding("""{ "id": "in", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "a", "value": "v" } }""", ", { \"from\": \"in\", \"to\": \"e\" }"));

    [Fact]
    public void A_people_split_cannot_be_nested() =>
        Assert.Contains(
            new ValidationProblem("in", "type", "a split by people cannot be nested"),
            PeopleSplitHolding("""{ "id": "in", "type": "splitByPeople", "paths": [ { "id": "q", "conditions": [] } ] }""", ", { \"from\": \"in\", \"to\": \"e\" }, { \"from\": \"in\", \"to\": \"e\", \"path\": \"q\" }"));

    [Fact]
    public void A_path_led_back_to_the_split_itself_is_a_cycle_and_nothing_else()
    {
        IReadOnlyList<ValidationProblem> problems = PeopleSplitHolding(
            """{ "id": "in", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } }""", ", { \"from\": \"in\", \"to\": \"ps\" }");

        ValidationProblem cycle = Assert.Single(problems);
        Assert.Equal(("in", "edges"), (cycle.Node, cycle.Field));
        Assert.Contains("cycle", cycle.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_null_item_in_a_list_the_node_type_does_not_read_is_refused_as_where_it_is_read() =>
        Assert.Equal(
            [new ValidationProblem("m", "paths[0]", "may not be null"), new ValidationProblem("m", "paths[1].conditions[0]", "may not be null"), new ValidationProblem("m", "audience.accounts[1]", "may not be null")],
            Validate("""
                { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                             { "id": "m", "type": "merge", "paths": [null, { "id": "p", "conditions": [null] }], "audience": { "accounts": ["a2", null] } },
                             { "id": "e", "type": "end" } ],
                  "edges": [ { "from": "s", "to": "m" }, { "from": "m", "to": "e" } ] }
                """));

    [Fact]
    public void Listen_for_an_event_is_refused_in_a_people_split() =>
        Assert.Contains(
            new ValidationProblem("in", "type", "listen for an event is not allowed inside a split by people"),
            PeopleSplitHolding("""{ "id": "in", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" } }""", ", { \"from\": \"in\", \"to\": \"e\", \"path\": \"event\" }"));

    [Fact]
    public void End_date_before_start_date_is_refused() =>
        Assert.Contains(new ValidationProblem("s", "endAt", "must be after the start date"), Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] }, "startAt": "2027-02-01T00:00:00Z", "endAt": "2027-01-01T00:00:00Z" },
                         { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """));

    [Theory]
    [InlineData("""{ "scope": "galaxy", "type": "x" }""", "event.scope")]
    [InlineData("""{ "scope": "account", "type": "assignedToBuyingGroup" }""", "event.type")]
    public void Listen_event_must_be_known_for_its_scope(string trigger, string setting) =>
        Assert.Contains(Validate($$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "l", "type": "listenForEvent", "event": {{trigger}} }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "l" }, { "from": "l", "to": "e", "path": "event" } ] }
            """), p => p.Node == "l" && p.Field == setting);

    [Theory]
    [InlineData("""{ "scope": "account", "type": "interestingMoment", "attribute": "Tier" }""", "event.attribute", "'interestingMoment' events take only momentType")]
    [InlineData("""{ "scope": "people", "type": "personDataChange", "momentType": "web" }""", "event.momentType", "'personDataChange' events take only attribute, value")]
    [InlineData("""{ "scope": "account", "type": "interestingMoment", "momentType": "phone" }""", "event.momentType", "must be one of email, milestone, web (got 'phone')")]
    [InlineData("""{ "scope": "people", "type": "salesActivity", "activityType": "unsubscribe" }""", "event.activityType", "must be one of sendSalesEmail, openSalesEmail, clickSalesEmail, replySalesEmail, bounceSalesEmail, receiveSalesCall, addToSalesCampaign, removeFromSalesCampaign, reminderTask (got 'unsubscribe')")]
    [InlineData("""{ "scope": "account", "type": "buyingGroupStageChange", "solutionInterest": "" }""", "event.solutionInterest", "must be 1 to 1000 characters")]
    [InlineData("""{ "scope": "account", "type": "interestingMoment", "momentType": "" }""", "event.momentType", "must be one of email, milestone, web (got '')")]
    [InlineData("""{ "type": "dataValueChange" }""", "event.scope", "is required: 'account' or 'people'")]
    [InlineData("""{ "scope": "Account", "type": "dataValueChange" }""", "event.scope", "must be 'account' or 'people' (got 'Account')")]
    [InlineData("""{ "scope": "people", "type": "assignedToBuyingGroup", "role": "Champion" }""", "event.role", "is not a condition; 'assignedToBuyingGroup' events take only solutionInterest")]
    [InlineData("""{ "scope": "account", "type": "dataValueChange", "newValue": "x" }""", "event.newValue", "is not a condition; 'dataValueChange' events take only attribute, value")]
    [InlineData("""{ "scope": "account", "type": "buyingGroupStatusChange", "foo": 1 }""", "event.foo", "is not a condition; 'buyingGroupStatusChange' events take only solutionInterest, value")]
    [InlineData("""{ "scope": "account", "type": "dataValueChange", "conditions": "x" }""", "event.conditions", "is not a condition; 'dataValueChange' events take only attribute, value")]
    [InlineData("""{ "scope": "account", "type": "dataValueChange", "key": "x" }""", "event.key", "is not a condition; 'dataValueChange' events take only attribute, value")]
    public void Listen_event_conditions_must_suit_its_type(string trigger, string setting, string reason) =>
        Assert.Contains(new ValidationProblem("l", setting, reason), Validate($$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "l", "type": "listenForEvent", "event": {{trigger}} }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "l" }, { "from": "l", "to": "e", "path": "event" } ] }
            """));

    [Theory]
    [InlineData("""{ "scope": "people", "type": "personDataChange", "attribute": "Title", "value": "CTO" }""")]
    [InlineData("""{ "scope": "account", "type": "buyingGroupStageChange", "solutionInterest": "Cloud", "value": "Qualified" }""")]
    [InlineData("""{ "scope": "people", "type": "salesActivity", "activityType": "replySalesEmail" }""")]
    [InlineData("""{ "scope": "account", "type": "interestingMoment", "momentType": "milestone" }""")]
    public void Listen_event_conditions_that_suit_the_type_are_valid(string trigger) =>
        Assert.Empty(Validate($$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "l", "type": "listenForEvent", "event": {{trigger}} }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "l" }, { "from": "l", "to": "e", "path": "event" } ] }
            """));

    [Fact]
    public void Timeout_path_needs_its_edge() =>
        Assert.Contains(new ValidationProblem("l", "edges", "the timeout path is on but no edge has \"path\": \"timeout\""), Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "l", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "P1D" },
                         { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "l" }, { "from": "l", "to": "e", "path": "event" } ] }
            """));

    [Fact]
    public void Without_a_timeout_path_no_timeout_edge_is_allowed() =>
        Assert.Empty(Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "l", "type": "listenForEvent", "event": { "scope": "account", "type": "interestingMoment" }, "timeout": "P1D", "timeoutPath": false },
                         { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "l" }, { "from": "l", "to": "e", "path": "event" } ] }
            """));

    [Fact]
    public void Split_edges_must_name_known_paths() =>
        Assert.Contains(new ValidationProblem("sp", "edges", "edge for unknown path 'ghost'"), Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "sp", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [] } ] }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "sp" }, { "from": "sp", "to": "e", "path": "p" }, { "from": "sp", "to": "e", "path": "ghost" } ] }
            """));

    [Theory]
    [InlineData("splitByAccount", """{ "from": "sp", "to": "e", "path": "p" }""", "path 'q' has no edge; add one with \"path\": \"q\"")]
    [InlineData("splitByAccount", """{ "from": "sp", "to": "e", "path": "p" }, { "from": "sp", "to": "e2", "path": "p" }, { "from": "sp", "to": "e", "path": "q" }""", "path 'p' has more than one edge; a path leads to one node")]
    [InlineData("splitByPeople", """{ "from": "sp", "to": "e", "path": "p" }, { "from": "sp", "to": "e" }""", "path 'q' has no edge; add one with \"path\": \"q\"")]
    public void Each_path_of_a_split_has_exactly_one_edge(string type, string edges, string problem) =>
        Assert.Contains(new ValidationProblem("sp", "edges", problem), Validate($$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "sp", "type": "{{type}}", "paths": [ { "id": "p", "conditions": [] }, { "id": "q", "conditions": [] } ] },
                         { "id": "e", "type": "end" }, { "id": "e2", "type": "end" } ],
              "edges": [ { "from": "s", "to": "sp" }, {{edges}} ] }
            """));

    [Fact]
    public void A_split_by_account_without_edges_is_told_to_add_them_not_to_name_them() =>
        Assert.Contains(new ValidationProblem("sp", "edges", "a split by account needs an edge naming each path it uses"), Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "sp", "type": "splitByAccount", "paths": [] } ],
              "edges": [ { "from": "s", "to": "sp" } ] }
            """));

    [Fact]
    public void An_other_edge_needs_otherPath_on() =>
        Assert.Contains(Validate("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "sp", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [] } ] }, { "id": "e", "type": "end" }, { "id": "o", "type": "end" } ],
              "edges": [ { "from": "s", "to": "sp" }, { "from": "sp", "to": "e", "path": "p" }, { "from": "sp", "to": "o", "path": "other" } ] }
            """), p => p.Node == "sp" && p.Field == "edges" && p.Reason.Contains("otherPath is off", StringComparison.Ordinal));

    [Fact]
    public void Must_end_on_a_weekday_lands_on_that_day_and_time()
    {
        var rule = new MustEndOn("monday", "09:00:00", "Asia/Seoul");

        DateTimeOffset end = rule.NextAtOrAfter(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero)); // a Wednesday

        Assert.Equal(new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.FromHours(9)), end);
    }
}
