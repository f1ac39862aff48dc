using System.Globalization;
using System.Text;
using System.Text.Json;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Journeys.Validation;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Domain.Tests;

/// <summary>The validator's bounds, its null handling, and that it walks any graph without recursion.</summary>
public sealed class JourneyLimitsTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static JourneyDefinition Parse(string json) => JsonSerializer.Deserialize<JourneyDefinition>(json, JsonDefaults.Options)!;

    private static IReadOnlyList<ValidationProblem> Middle(string middle) => JourneyValidator.Validate(Parse($$"""
        { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } }, {{middle}}, { "id": "e", "type": "end" } ],
          "edges": [ { "from": "s", "to": "m" }, { "from": "m", "to": "e" } ] }
        """), Now);

    private static JourneyDefinition Chain(int length)
    {
        var json = new StringBuilder("""{ "nodes": [ { "id": "n0", "type": "start", "audience": { "accounts": ["a1"] } }""");
        for (int i = 1; i < length - 1; i++)
        {
            json.Append(CultureInfo.InvariantCulture, $$""", { "id": "n{{i}}", "type": "merge" }""");
        }

        json.Append(CultureInfo.InvariantCulture, $$""", { "id": "n{{length - 1}}", "type": "end" } ], "edges": [""");
        json.AppendJoin(", ", Enumerable.Range(1, length - 1).Select(i => $$"""{ "from": "n{{i - 1}}", "to": "n{{i}}" }"""));
        return Parse(json.Append("] }").ToString());
    }

    [Fact]
    public void A_10000_node_chain_is_walked_without_recursion()
    {
        var roomy = new JourneyLimits { MaxNodes = 20_000, MaxEdges = 20_000, MaxDefinitionChars = 10_000_000 };

        Assert.Empty(JourneyValidator.Validate(Chain(10_000), Now, roomy));
    }

    [Fact]
    public void More_nodes_than_the_limit_are_refused_before_any_walk() =>
        Assert.Contains(new ValidationProblem(null, "nodes", "a journey may have at most 500 nodes (got 10000)"), JourneyValidator.Validate(Chain(10_000), Now));

    [Fact]
    public void Null_lists_and_items_are_named()
    {
        IReadOnlyList<ValidationProblem> problems = JourneyValidator.Validate(Parse("""
            { "nodes": [ null, { "id": "s", "type": "start", "audience": { "accounts": ["a1", null] } }, { "id": null, "type": "end" } ], "edges": null }
            """), Now);

        Assert.Contains(new ValidationProblem(null, "nodes[0]", "may not be null"), problems);
        Assert.Contains(new ValidationProblem(null, "nodes[2]", "needs an id"), problems);
        Assert.Contains(new ValidationProblem(null, "edges", "is required: a list (it may not be null)"), problems);
        Assert.Contains(new ValidationProblem("s", "audience.accounts[1]", "may not be null"), problems);
    }

    [Fact]
    public void A_setting_given_as_null_is_absent_so_it_does_not_count_toward_the_bound()
    {
        static string Action(int more, bool andNull) => $$"""{ "id": "m", "type": "action", "action": "changeScore", "settings": { "scoreName": "e", "change": 1{{string.Concat(Enumerable.Range(0, more).Select(i => $", \"x{i}\": \"v\""))}}{{(andNull ? ", \"n\": null" : "")}} } }""";

        Assert.Empty(Middle(Action(48, andNull: true)));
        Assert.Equal([new ValidationProblem("m", "settings", "may hold at most 50 settings (got 51)")], Middle(Action(49, andNull: true)));
    }

    [Theory]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "P99999999999D" }""", "duration")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "P4000D" }""", "duration")]
    [InlineData("""{ "id": "m", "type": "wait", "until": "9999-12-31T00:00:00Z" }""", "until")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "9", "time": "09:00:00", "timeZone": "UTC" } }""", "mustEndOn.day")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "funday", "time": "09:00:00", "timeZone": "UTC" } }""", "mustEndOn.day")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "monday", "time": "9:00", "timeZone": "UTC" } }""", "mustEndOn.time")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "monday", "timeZone": "UTC" } }""", "mustEndOn.time")]
    [InlineData("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "Monday", "time": "09:00:00" } }""", "mustEndOn.timeZone")]
    [InlineData("""{ "id": "m", "type": "action", "action": "changeScore", "settings": { "scoreName": "e", "change": 1e400 } }""", "change")]
    [InlineData("""{ "id": "m", "type": "action", "action": "changeScore", "settings": { "scoreName": "e", "change": 4.9999999999999999 } }""", "change")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ null ] }""", "paths[0]")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "p" } ] }""", "paths[0].conditions")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [ null ] } ] }""", "paths[0].conditions[0]")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "p 1!", "conditions": [] } ] }""", "paths[0].id")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "", "conditions": [] } ] }""", "paths[0].id")]
    [InlineData("""{ "id": "m", "type": "listenForEvent", "event": { "scope": "account" } }""", "event.type")]
    [InlineData("""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [ { "attribute": "Industry", "operator": "equals" } ] } ] }""", "paths[0].conditions[0].value")]
    [InlineData("""{ "id": "m", "type": "splitByPeople", "paths": [ { "id": "p", "conditions": [ { "attribute": "Title", "operator": "isEmpty" }, { "attribute": "Score_x", "operator": "greaterThan", "value": null } ] } ] }""", "paths[0].conditions[1].value")]
    public void Out_of_range_and_missing_values_are_named(string node, string field) =>
        Assert.Contains(Middle(node), p => p.Node == "m" && p.Field == field);

    [Theory]
    [InlineData("updateAccountProfile", 30_000, true)]
    [InlineData("updateAccountProfile", 30_001, false)]
    [InlineData("updatePersonProfile", 33_000, false)]
    public void A_number_stored_as_the_text_it_is_written_in_is_bound_like_text(string action, int digits, bool valid)
    {
        // A profile attribute's number is stored as written: 33,000 digits passed and then failed every run (a table
        // property holds 32K characters).
        string number = "1." + new string('0', digits - 3) + "1";
        IReadOnlyList<ValidationProblem> problems = Middle($$"""{ "id": "m", "type": "action", "action": "{{action}}", "settings": { "attributes": { "Size": {{number}} } } }""");

        Assert.Equal(valid, !problems.Any(p => p.Node == "m" && p.Field == "attributes.Size"));
    }

    [Theory]
    [InlineData("Asia/Seoul", true)]
    [InlineData("UTC", true)]
    [InlineData("Etc/UTC", true)]
    [InlineData("US/Eastern", true)]
    [InlineData("Antarctica/Troll", true)]
    [InlineData("Korea Standard Time", true)]
    [InlineData("localtime", false)]
    [InlineData("posixrules", false)]
    [InlineData("Factory", false)]
    [InlineData("right/Asia/Seoul", false)]
    [InlineData("posix/Asia/Seoul", false)]
    [InlineData("Asia//Seoul", false)]
    [InlineData("Asia/Nowhere", false)]
    public void A_time_zone_is_an_IANA_or_Windows_id_not_any_file_the_host_keeps_its_zones_in(string zone, bool known) =>
        Assert.Equal(
            !known,
            Middle($$"""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "monday", "time": "09:00:00", "timeZone": "{{zone}}" } }""")
                .Any(p => p.Node == "m" && p.Field == "mustEndOn.timeZone"));

    [Theory]
    [InlineData("isEmpty", null)]
    [InlineData("isNotEmpty", null)]
    [InlineData("equals", "")]
    [InlineData("contains", "soft")]
    public void A_condition_has_a_value_where_its_operator_compares_with_one(string op, string? value) =>
        Assert.DoesNotContain(
            Middle($$"""{ "id": "m", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [ { "attribute": "Industry", "operator": "{{op}}", "value": {{(value is null ? "null" : $"\"{value}\"")}} } ] } ] }"""),
            p => p.Field != null && p.Field.EndsWith(".value", StringComparison.Ordinal));

    [Fact]
    public void Setting_text_beyond_a_table_property_is_refused() =>
        Assert.Contains(
            Middle($$"""{ "id": "m", "type": "action", "action": "changeDataValue", "settings": { "attribute": "Note", "value": "{{new string('x', 30_001)}}" } }"""),
            p => p.Field == "value" && p.Reason.Contains("30000", StringComparison.Ordinal));

    [Fact]
    public void A_key_past_128_characters_is_named_and_the_settings_other_problems_are_told_too()
    {
        string key = new('B', 129);
        IReadOnlyList<ValidationProblem> problems =
            Middle($$"""{ "id": "m", "type": "action", "action": "updatePersonProfile", "settings": { "attributes": { "{{key}}": "v", "1a": "v" } } }""");

        Assert.Contains(new ValidationProblem("m", $"attributes.{key[..64]}...", "is a key longer than 128 characters (got 129)"), problems);
        Assert.Contains(problems, p => p.Field == "attributes.1a");
    }

    [Theory]
    [InlineData("P1D\n")]
    [InlineData("")]
    [InlineData("P")]
    [InlineData("PT")]
    [InlineData("P1DT")]
    [InlineData("P0D")]
    [InlineData("-P1D")]
    [InlineData("P1.5D")]
    [InlineData("P1W2D")]
    [InlineData("p1d")]
    [InlineData("P1H")]
    [InlineData("PT1D")]
    [InlineData("P1M1Y")]
    [InlineData(" P1D")]
    public void Anything_else_is_no_duration(string text) =>
        Assert.False(Durations.TryParse(text, out _));

    [Theory]
    [InlineData("P2W", 14 * 24 * 3600)]
    [InlineData("P1DT2H", 26 * 3600)]
    [InlineData("P1Y", 365 * 24 * 3600)]
    [InlineData("P1M", 30 * 24 * 3600)]
    [InlineData("P13M", 13 * 30 * 24 * 3600)]
    [InlineData("P121M", 121 * 30 * 24 * 3600)]
    [InlineData("P1Y14M3DT25H61M70S", ((365 + (14 * 30) + 3) * 24 * 3600) + (25 * 3600) + (61 * 60) + 70)]
    [InlineData("PT90M", 90 * 60)]
    [InlineData("PT2S", 2)]
    [InlineData("PT0000000001S", 1)]
    [InlineData("P00000000000000000000000001D", 24 * 3600)]
    public void Durations_read_as_ISO_8601_writes_them_each_part_as_written(string text, long seconds)
    {
        Assert.True(Durations.TryParse(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.FromSeconds(seconds), duration);
    }

    [Fact]
    public void Only_seconds_take_a_fraction_rounded_up_to_a_tick_so_any_written_fraction_is_positive()
    {
        Assert.True(Durations.TryParse("PT0.5S", out TimeSpan half));
        Assert.True(Durations.TryParse("PT1.123456789S", out TimeSpan fine));
        Assert.True(Durations.TryParse("PT0.000000001S", out TimeSpan least));
        Assert.True(Durations.TryParse("PT1.00000000000001S", out TimeSpan past9));
        Assert.False(Durations.TryParse("PT0.00000000000000S", out _));

        Assert.Equal((TimeSpan.FromMilliseconds(500), TimeSpan.FromTicks(11_234_568), TimeSpan.FromTicks(1)), (half, fine, least));
        Assert.Equal(TimeSpan.FromSeconds(1) + TimeSpan.FromTicks(1), past9);
    }

    [Theory]
    [InlineData("P999999999Y")]
    [InlineData("P999999999D")]
    [InlineData("P1000000000D")]
    [InlineData("P99999999999999D")]
    [InlineData("PT99999999999999999999999999999S")]
    public void A_duration_too_long_for_a_time_span_is_refused_by_the_bound_not_as_unreadable(string text)
    {
        Assert.True(Durations.TryParse(text, out TimeSpan duration));
        Assert.Equal(TimeSpan.MaxValue, duration);
        Assert.Contains(Middle($$"""{ "id": "m", "type": "wait", "duration": "{{text}}" }"""), p => p.Field == "duration" && p.Reason == "must be at most 3650 days (P3650D)");
    }

    [Fact]
    public void Months_past_a_year_count_30_days_each_against_the_3650_day_bound()
    {
        Assert.DoesNotContain(Middle("""{ "id": "m", "type": "wait", "duration": "P121M" }"""), p => p.Field == "duration");
        Assert.Contains(Middle("""{ "id": "m", "type": "wait", "duration": "P122M" }"""), p => p.Field == "duration");
    }

    [Theory]
    [InlineData("start,action")]
    [InlineData(" end ")]
    [InlineData("3")]
    public void A_node_type_is_one_name_not_a_number_or_a_list(string type) =>
        Assert.Equal(JourneyNodeType.Unknown, new JourneyNode { Id = "n", TypeName = type }.Type);

    [Fact]
    public void A_weekday_list_is_not_a_weekday() =>
        Assert.Contains(Middle("""{ "id": "m", "type": "wait", "duration": "PT1H", "mustEndOn": { "day": "monday, tuesday", "time": "09:00:00", "timeZone": "UTC" } }"""),
            p => p.Field == "mustEndOn.day");

    [Theory]
    [InlineData("m\n")]
    [InlineData("m\r\n")]
    [InlineData("\nm")]
    public void A_key_does_not_end_or_start_with_a_line_break(string key) =>
        Assert.False(TableKey.IsValid(System.Text.RegularExpressions.Regex.Unescape(key)));

    [Fact]
    public void Reentry_bounds_hold_while_reentry_is_off() =>
        Assert.Contains(JourneyValidator.Validate(Parse("""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] }, "reentry": { "enabled": false, "maxEntries": 0 } }, { "id": "e", "type": "end" } ],
              "edges": [ { "from": "s", "to": "e" } ] }
            """), Now), p => p.Field == "reentry.maxEntries");
}
