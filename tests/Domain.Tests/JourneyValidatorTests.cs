using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Domain.Tests;

public sealed class JourneyValidatorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static JourneyDefinition Parse(string json) => JsonSerializer.Deserialize<JourneyDefinition>(json, JsonDefaults.Options)!;

    private static JourneyDefinition Linear(string middle) => Parse($$"""
        { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } }, {{middle}}, { "id": "e", "type": "end" } ],
          "edges": [ { "from": "s", "to": "m" }, { "from": "m", "to": "e" } ] }
        """);

    private static ValidationProblem Single(JourneyDefinition journey) => Assert.Single(JourneyValidator.Validate(journey, Now));

    [Fact]
    public void A_valid_journey_has_no_problems() =>
        Assert.Empty(JourneyValidator.Validate(Linear("""{ "id": "m", "type": "wait", "duration": "PT2S" }"""), Now));

    [Fact]
    public void Every_problem_is_returned_at_once()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start" }, { "id": "x", "type": "action", "action": "changeScore" } ],
              "edges": [ { "from": "s", "to": "nowhere" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(new ValidationProblem("s", "audience", "is required: accounts or an accountList"), problems);
        Assert.Contains(new ValidationProblem("x", "scoreName", "is required"), problems);
        Assert.Contains(new ValidationProblem("x", "change", "is required: a signed whole number such as 10 or -5"), problems);
        Assert.Contains(new ValidationProblem("s", "edges[0].to", "edge to unknown node 'nowhere'"), problems);
        Assert.Contains(new ValidationProblem("x", "edges", "has no outgoing edge (only an end node may)"), problems);
    }

    [Fact]
    public void An_edge_from_an_unknown_node_is_named_by_its_index_and_a_node_with_a_bad_id_is_no_unknown_node()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a"] } }, { "id": "a b", "type": "merge" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "a b" }, { "from": "a b", "to": "e" }, { "from": "nope", "to": "e" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(new ValidationProblem(null, "edges[2].from", "edge from unknown node 'nope'"), problems);
        Assert.Contains(problems, p => p.Node == "a b" && p.Field == "id");
        Assert.DoesNotContain(problems, p => p.Reason.Contains("'a b'", StringComparison.Ordinal));
    }

    [Fact]
    public void Exactly_one_start_is_required()
    {
        JourneyDefinition journey = Parse("""{ "nodes": [ { "id": "e", "type": "end" } ], "edges": [] }""");

        Assert.Equal(new ValidationProblem(null, "nodes", "a journey needs exactly one start node (found 0)"), Single(journey));
    }

    [Fact]
    public void Unknown_action_is_named()
    {
        ValidationProblem problem = Single(Linear("""{ "id": "m", "type": "action", "action": "teleport" }"""));

        Assert.Equal(new ValidationProblem("m", "action", "unknown action type 'teleport'"), problem);
    }

    [Fact]
    public void Deprecated_partition_change_is_refused_with_its_reason()
    {
        ValidationProblem problem = Single(Linear("""{ "id": "m", "type": "action", "action": "changePersonPartition" }"""));

        Assert.Equal("m", problem.Node);
        Assert.Contains("deprecated", problem.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_score_change_is_refused() =>
        Assert.Equal(
            new ValidationProblem("m", "change", "must not be 0"),
            Single(Linear("""{ "id": "m", "type": "action", "action": "changeScore", "settings": { "scoreName": "e", "change": 0 } }""")));

    [Fact]
    public void Wait_date_in_the_past_is_refused() =>
        Assert.Equal(
            new ValidationProblem("m", "until", "is in the past"),
            Single(Linear("""{ "id": "m", "type": "wait", "until": "2020-01-01T00:00:00Z" }""")));

    [Theory]
    [InlineData("\"duration\": \"soon\"")]
    [InlineData("\"duration\": \"PT0S\"")]
    public void Wait_needs_a_positive_iso_duration(string setting) =>
        Assert.Equal("duration", Single(Linear($$"""{ "id": "m", "type": "wait", {{setting}} }""")).Field);

    [Fact]
    public void More_than_25_split_paths_are_refused()
    {
        string paths = string.Join(",", Enumerable.Range(0, 26).Select(i => $$"""{ "id": "p{{i}}", "conditions": [] }"""));
        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(Linear($$"""{ "id": "m", "type": "splitByAccount", "paths": [{{paths}}] }"""), Now);

        Assert.Contains(new ValidationProblem("m", "paths", "a split may have at most 25 paths (found 26)"), problems);
    }

    [Fact]
    public void Cycles_are_refused()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "a", "type": "merge" }, { "id": "b", "type": "merge" } ],
              "edges": [ { "from": "s", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "a" } ] }
            """);

        Assert.Equal(new ValidationProblem("b", "edges", "edge to 'a' makes a cycle"), Single(journey));
    }

    [Fact]
    public void Cycles_and_unreachable_nodes_are_reported_beside_a_node_with_the_wrong_number_of_edges()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "a", "type": "merge" }, { "id": "b", "type": "merge" },
                         { "id": "x", "type": "wait", "duration": "PT1S" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "a" },
                         { "from": "x", "to": "e" }, { "from": "x", "to": "e" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(problems, p => p.Node == "x" && p.Field == "edges" && p.Reason.Contains("outgoing", StringComparison.Ordinal));
        Assert.Contains(new ValidationProblem("b", "edges", "edge to 'a' makes a cycle"), problems);
        Assert.Contains(problems, p => p.Node == "x" && p.Reason.StartsWith("is unreachable", StringComparison.Ordinal));
    }

    [Fact]
    public void Cycles_and_unreachable_nodes_are_reported_beside_unknown_types_unknown_edge_ends_and_bad_ids()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "a", "type": "merge" }, { "id": "b", "type": "teleport" },
                         { "id": "a", "type": "merge" }, { "id": "bad/id", "type": "end" }, { "id": "e", "type": "end" },
                         { "id": "lost", "type": "end" } ],
              "edges": [ { "from": "s", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "a" },
                         { "from": "b", "to": "nowhere" }, { "from": "ghost", "to": "e" }, { "from": "a", "to": "bad/id" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(problems, p => p.Node == "b" && p.Field == "type");
        Assert.Contains(problems, p => p.Node == "a" && p.Field == "id");
        Assert.Contains(problems, p => p.Node == "bad/id" && p.Field == "id");
        Assert.Contains(problems, p => p.Field == "edges[3].to");
        Assert.Contains(problems, p => p.Field == "edges[4].from");
        Assert.Contains(new ValidationProblem("b", "edges", "edge to 'a' makes a cycle"), problems);
        Assert.Single(problems, p => p.Reason.StartsWith("is unreachable", StringComparison.Ordinal) && p.Node == "e");
        Assert.Single(problems, p => p.Reason.StartsWith("is unreachable", StringComparison.Ordinal) && p.Node == "lost");
        Assert.DoesNotContain(problems, p => p.Reason.StartsWith("is unreachable", StringComparison.Ordinal) && p.Node is "a" or "b" or "bad/id");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    public void A_cycle_is_reported_beside_a_wrong_number_of_start_nodes(int startNodes)
    {
        string starts = string.Concat(Enumerable.Range(0, startNodes).Select(i => $$"""{ "id": "s{{i}}", "type": "start", "audience": { "accounts": ["a1"] } },"""));
        string startEdges = string.Concat(Enumerable.Range(0, startNodes).Select(i => $$"""{ "from": "s{{i}}", "to": "e" },"""));
        JourneyDefinition journey = Parse($$"""
            { "nodes": [ {{starts}} { "id": "p", "type": "wait", "duration": "PT1S" }, { "id": "q", "type": "merge" }, { "id": "e", "type": "end" } ],
              "edges": [ {{startEdges}} { "from": "p", "to": "q" }, { "from": "q", "to": "p" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(problems, p => p.Field == "nodes" && p.Reason.Contains($"(found {startNodes})", StringComparison.Ordinal));
        Assert.Contains(new ValidationProblem("q", "edges", "edge to 'p' makes a cycle"), problems);
        Assert.Equal(startNodes == 0 ? 0 : 2, problems.Count(p => p.Reason.StartsWith("is unreachable", StringComparison.Ordinal)));
    }

    [Fact]
    public void A_cycle_among_unreachable_nodes_is_reported_as_a_cycle_too()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } }, { "id": "p", "type": "wait", "duration": "PT1S" },
                         { "id": "q", "type": "merge" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" }, { "from": "p", "to": "q" }, { "from": "q", "to": "p" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Equal(3, problems.Count);
        Assert.Contains(new ValidationProblem("q", "edges", "edge to 'p' makes a cycle"), problems);
        Assert.Equal(["p", "q"], problems.Where(p => p.Reason.StartsWith("is unreachable", StringComparison.Ordinal)).Select(p => p.Node).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void What_stands_inside_a_split_by_people_is_reported_beside_a_node_with_the_wrong_number_of_edges()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "people", "type": "splitByPeople", "paths": [ { "id": "p", "conditions": [] } ] },
                         { "id": "x", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "A" } },
                         { "id": "extra", "type": "wait", "duration": "PT1S" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "people" }, { "from": "people", "to": "x", "path": "p" }, { "from": "x", "to": "extra" },
                         { "from": "people", "to": "extra" }, { "from": "extra", "to": "e" }, { "from": "extra", "to": "e", "path": "oops" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(problems, p => p.Node == "extra" && p.Field == "edges");
        Assert.Contains(new ValidationProblem("x", "type", "account actions are not allowed inside a split by people"), problems);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("false", false)]
    public void Other_path_on_a_split_by_people_is_refused_when_on(string otherPath, bool refused)
    {
        JourneyDefinition journey = Parse($$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "people", "type": "splitByPeople", "otherPath": {{otherPath}}, "paths": [ { "id": "p", "conditions": [] } ] },
                         { "id": "c", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 1 } },
                         { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "people" }, { "from": "people", "to": "c", "path": "p" }, { "from": "c", "to": "e" },
                         { "from": "people", "to": "e" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Equal(refused ? [new ValidationProblem("people", "otherPath", "applies to a split by account only; a split by people's unmatched people skip its paths and go on from where they join")] : [], problems);
    }

    [Fact]
    public void Cycles_unreachable_nodes_and_split_contents_are_reported_beside_settings_problems()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "a", "type": "merge" }, { "id": "b", "type": "wait", "duration": "P0D" },
                         { "id": "people", "type": "splitByPeople", "paths": [ { "id": "p", "conditions": [] } ] },
                         { "id": "x", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "A" } },
                         { "id": "c", "type": "action", "action": "changeScore", "settings": { "scoreName": "s", "change": 0 } },
                         { "id": "lost", "type": "end" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "a" }, { "from": "a", "to": "b" }, { "from": "b", "to": "a" },
                         { "from": "people", "to": "x", "path": "p" }, { "from": "x", "to": "c" }, { "from": "people", "to": "c" },
                         { "from": "c", "to": "e" } ] }
            """);

        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(journey, Now);

        Assert.Contains(problems, p => p.Node == "b" && p.Field == "duration");
        Assert.Contains(new ValidationProblem("c", "change", "must not be 0"), problems);
        Assert.Contains(new ValidationProblem("b", "edges", "edge to 'a' makes a cycle"), problems);
        Assert.Contains(new ValidationProblem("lost", "edges", "is unreachable from the start node: no chain of edges from the start leads to it"), problems);
        Assert.Contains(new ValidationProblem("x", "type", "account actions are not allowed inside a split by people"), problems);
    }

    [Fact]
    public void Unreachable_nodes_are_refused()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } }, { "id": "e", "type": "end" }, { "id": "lost", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """);

        Assert.Equal(new ValidationProblem("lost", "edges", "is unreachable from the start node: no chain of edges from the start leads to it"), Single(journey));
    }

    [Theory]
    [InlineData("m/../x")]
    [InlineData(".")]
    [InlineData("..")]
    public void Node_ids_must_be_safe_table_keys_that_a_url_path_keeps(string id) =>
        Assert.Contains(
            JourneyValidator.Validate(Linear($$"""{ "id": "{{id}}", "type": "merge" }"""), Now),
            p => p.Node == id && p.Field == "id");

    [Theory]
    [InlineData("...")]
    [InlineData(".a")]
    [InlineData("a..")]
    public void Dots_with_anything_else_are_plain_ids(string id) =>
        Assert.True(TableKey.IsValid(id));

    [Fact]
    public void The_stored_form_spells_node_types_and_weekdays_as_the_schema_does()
    {
        JourneyDefinition canonical = Parse("""
            { "nodes": [ { "id": "s", "type": "START", "audience": { "accounts": ["a1"] } },
                         { "id": "w", "type": "Wait", "duration": "PT1H", "mustEndOn": { "day": "MONDAY", "time": "09:00:00", "timeZone": "UTC" } },
                         { "id": "x", "type": "splitbyaccount", "paths": [] }, { "id": "odd", "type": "Teleport" } ],
              "edges": [] }
            """).Canonical();

        Assert.Equal(["start", "wait", "splitByAccount", "Teleport"], canonical.Nodes.Select(n => n.TypeName));
        Assert.Equal("monday", canonical.Node("w").MustEndOn!.Day);
    }

    [Fact]
    public void The_stored_form_leaves_out_a_setting_given_as_null_and_keeps_nulls_inside_a_setting()
    {
        JourneyDefinition canonical = Parse("""
            { "nodes": [ { "id": "m", "type": "action", "action": "interestingMoment", "settings": { "type": "web", "description": null } },
                         { "id": "p", "type": "action", "action": "updatePersonProfile", "settings": { "attributes": { "Title": null } } } ],
              "edges": [] }
            """).Canonical();

        Assert.Equal(["type"], canonical.Node("m").Settings!.Keys);
        Assert.Equal(JsonValueKind.Null, canonical.Node("p").Settings!["attributes"].GetProperty("Title").ValueKind);
    }

    /// <summary>Blank as the schema's "\\S" pattern (ECMAScript) reads it: U+FEFF is white space there, U+0085 is not.</summary>
    [Theory]
    [InlineData("\uFEFF\uFEFF", true)]
    [InlineData(" \u3000\u2028", true)]
    [InlineData("\u0085\u0085", false)]
    [InlineData("\u00A0x", false)]
    public void Blank_text_is_what_the_schema_calls_blank(string attribute, bool blank)
    {
        JourneyDefinition journey = Linear($$"""
            { "id": "m", "type": "splitByAccount", "otherPath": true, "paths": [ { "id": "p", "conditions": [ { "attribute": "{{attribute}}", "operator": "isEmpty" } ] } ] }
            """);

        Assert.Equal(blank, JourneyValidator.Validate(journey, Now).Any(p => p.Field == "paths[0].conditions[0].attribute" && p.Reason == "is required"));
    }

    [Fact]
    public void An_empty_account_list_id_is_named_as_that_field()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accountList": "" } }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """);

        Assert.Equal("audience.accountList", Single(journey).Field);
    }

    [Fact]
    public void A_condition_without_an_operator_is_told_it_needs_one()
    {
        JourneyDefinition journey = Linear("""
            { "id": "m", "type": "splitByAccount", "otherPath": true, "paths": [ { "id": "p", "conditions": [ { "attribute": "Tier" } ] } ] }
            """);

        Assert.Contains(JourneyValidator.Validate(journey, Now), p => p.Field == "paths[0].conditions[0].operator" && p.Reason.StartsWith("is required: one of equals", StringComparison.Ordinal));
    }

    [Fact]
    public void A_wait_on_a_people_split_path_without_a_join_is_named_with_what_is_missing()
    {
        JourneyDefinition journey = Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
                         { "id": "ps", "type": "splitByPeople", "paths": [ { "id": "vip", "conditions": [] } ] },
                         { "id": "w", "type": "wait", "duration": "PT1H" }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "ps" }, { "from": "ps", "to": "w", "path": "vip" }, { "from": "w", "to": "e" } ] }
            """);

        Assert.Contains(new ValidationProblem("w", "type", "only people actions may stand on path 'vip' of split 'ps', which has no unlabeled edge to lead back to"), JourneyValidator.Validate(journey, Now));
    }
}
