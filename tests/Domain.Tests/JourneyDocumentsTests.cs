using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Storage.Journeys;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Domain.Tests;

/// <summary>The documented schema and the sample journey stay in step with the code.</summary>
public sealed class JourneyDocumentsTests
{
    [Fact]
    public void Sample_journey_is_valid()
    {
        JourneyDefinition sample = JsonSerializer.Deserialize<JourneyDefinition>(File.ReadAllText(Repository.File("samples/welcome-journey.json")), JsonDefaults.Options)!;

        Assert.Empty(JourneyValidator.Validate(sample, DateTimeOffset.UtcNow));
    }

    /// <summary>What a run's orchestration carries of the sample journey: its whole graph, no audience, no action settings.</summary>
    [Fact]
    public void The_graph_an_orchestration_carries_keeps_every_node_and_edge_without_audience_or_settings()
    {
        JourneyDefinition sample = JsonSerializer.Deserialize<JourneyDefinition>(File.ReadAllText(Repository.File("samples/welcome-journey.json")), JsonDefaults.Options)!;

        JourneyDefinition carried = sample.ForOrchestration();

        Assert.Contains(sample.Nodes, n => n.Settings is { Count: > 0 });
        Assert.Equal(sample.Nodes.Select(n => (n.Id, n.Type, n.Action)), carried.Nodes.Select(n => (n.Id, n.Type, n.Action)));
        Assert.Equal(sample.Edges, carried.Edges);
        Assert.All(carried.Nodes, n => Assert.True(n.Settings is null && n.Audience is null, n.Id));
    }

    /// <summary>
    /// The server reads every member of the general node shape into its type whatever the node's type, so the schema
    /// types them on every node too: a JSON type one refuses, so does the other.
    /// </summary>
    [Fact]
    public void Schema_types_every_member_of_a_node_on_every_node_type_as_the_server_reads_it()
    {
        JsonObject properties = JsonNode.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")))!["$defs"]!["node"]!["properties"]!.AsObject();
        string[] read = JsonDefaults.Options.GetTypeInfo(typeof(JourneyNode)).Properties.Select(p => p.Name).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(read, properties.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        foreach (string member in read.Where(m => m is not ("id" or "type")))
        {
            Assert.Throws<JsonException>(() => JsonSerializer.Deserialize<JourneyNode>($$"""{ "id": "m", "type": "merge", "{{member}}": 5 }""", JsonDefaults.Options));
        }
    }

    [Fact]
    public void Schema_lists_exactly_the_node_types_the_engine_knows()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        string[] documented = schema.RootElement.GetProperty("$defs").GetProperty("node").GetProperty("properties").GetProperty("type").GetProperty("enum")
            .EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
        string[] known = Enum.GetValues<JourneyNodeType>().Where(t => t != JourneyNodeType.Unknown)
            .Select(t => JsonNamingPolicy.CamelCase.ConvertName(t.ToString())).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(known, documented);
    }

    [Theory]
    [InlineData("PT2S", true)]
    [InlineData("P1Y2M3DT4H5M6.5S", true)]
    [InlineData("P2W", true)]
    [InlineData("PT0000000001S", true)]
    [InlineData("PT0.0000000001S", true)]
    [InlineData("P1000000000D", true)]
    [InlineData("P", false)]
    [InlineData("PT", false)]
    [InlineData("P1DT", false)]
    [InlineData("P1.5D", false)]
    [InlineData("P1W2D", false)]
    [InlineData("p1d", false)]
    public void Schema_reads_a_durations_form_as_the_server_does(string text, bool wellFormed)
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        string pattern = schema.RootElement.GetProperty("$defs").GetProperty("duration").GetProperty("pattern").GetString()!;

        // The server reads a too-long duration as over the bound (TimeSpan.MaxValue), not as malformed: its form is right.
        Assert.Equal(wellFormed, JourneyValidator.TryParseDuration(text, out _));
        Assert.Equal(wellFormed, Matches(text, pattern));
    }

    [Fact]
    public void Schema_lists_exactly_the_event_types_the_engine_knows()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        string[] documented = EnumOf(ThenOf(schema, "listenForEvent").GetProperty("event").GetProperty("properties").GetProperty("type"));

        Assert.Equal(EventTrigger.Types.Values.SelectMany(t => t).Distinct().Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void Schema_lists_exactly_the_event_conditions_the_engine_takes()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        string[] documented = [.. ThenOf(schema, "listenForEvent").GetProperty("event").GetProperty("properties").EnumerateObject()
            .Select(p => p.Name).Where(n => n is not ("scope" or "type")).Order(StringComparer.Ordinal)];

        Assert.Equal(EventTrigger.Constraints.Values.SelectMany(c => c.Keys).Distinct().Order(StringComparer.Ordinal), documented);
    }

    [Fact]
    public void Schema_pairs_scopes_event_types_and_conditions_as_the_engine_does()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        JsonElement[] rules = [.. ThenOf(schema, "listenForEvent").GetProperty("event").GetProperty("allOf").EnumerateArray()];
        static string[] Named(JsonElement condition) =>
            condition.TryGetProperty("const", out JsonElement one) ? [one.GetString()!] : EnumOf(condition);

        foreach ((string scope, IReadOnlySet<string> types) in EventTrigger.Types)
        {
            JsonElement rule = rules.Single(r => r.GetProperty("if").GetProperty("properties").TryGetProperty("scope", out JsonElement s) && Named(s).SequenceEqual([scope]));
            Assert.Equal(types.Order(StringComparer.Ordinal), EnumOf(rule.GetProperty("then").GetProperty("properties").GetProperty("type")));
        }

        foreach ((string type, IReadOnlyDictionary<string, string> conditions) in EventTrigger.Constraints)
        {
            JsonElement rule = rules.Single(r => r.GetProperty("if").GetProperty("properties").TryGetProperty("type", out JsonElement t) && Named(t).Contains(type));
            Assert.Equal(conditions.Keys.Append("scope").Append("type").Order(StringComparer.Ordinal), EnumOf(rule.GetProperty("then").GetProperty("propertyNames")));
        }
    }

    [Theory]
    [InlineData("09:00:00", true)]
    [InlineData("00:00:00", true)]
    [InlineData("23:59:59", true)]
    [InlineData("24:00:00", false)]
    [InlineData("25:00:00", false)]
    [InlineData("23:59:60", false)]
    [InlineData("23:60:00", false)]
    [InlineData("9:00:00", false)]
    [InlineData("09:00", false)]
    public void Schema_reads_a_must_end_on_time_as_the_server_does(string time, bool valid)
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        string pattern = ThenOf(schema, "wait").GetProperty("mustEndOn").GetProperty("properties").GetProperty("time").GetProperty("pattern").GetString()!;

        Assert.Equal(valid, new MustEndOn("monday", time, "UTC").TimeOfDay is not null);
        Assert.Equal(valid, Matches(time, pattern));
    }

    [Fact]
    public void Schema_lists_exactly_the_action_types_the_engine_knows()
    {
        using JsonDocument schema = JsonDocument.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")));
        JsonElement actionRule = schema.RootElement.GetProperty("$defs").GetProperty("node").GetProperty("allOf").EnumerateArray()
            .Single(rule => rule.GetProperty("if").GetProperty("properties").GetProperty("type").TryGetProperty("const", out JsonElement c) && c.GetString() == "action");

        Assert.Equal("#/$defs/action", actionRule.GetProperty("then").GetProperty("$ref").GetString());
        Assert.Equal(
            Actions.ActionCatalog.All.Select(a => a.Type).Order(StringComparer.Ordinal),
            EnumOf(schema.RootElement.GetProperty("$defs").GetProperty("action").GetProperty("properties").GetProperty("action")));
    }

    [Fact]
    public void Schema_action_part_is_the_one_generated_from_the_registry()
    {
        string committed = File.ReadAllText(Repository.File("docs/journey.schema.json"));

        Assert.True(
            JsonNode.DeepEquals(Actions.ActionSchema.Generate(), Actions.ActionSchema.ActionsOf(committed)),
            "docs/journey.schema.json differs from the action registry: run scripts/schema.sh and commit the result.");
        Assert.Equal(Actions.ActionSchema.Update(committed), committed);
    }

    /// <summary>
    /// Strict validators compile the schema too (ajv with <c>strict: true</c>): a keyword for objects only where an
    /// object type is said (here or in an enclosing branch), no list of types but one type or null, and every name a
    /// schema requires defined in its own <c>properties</c>.
    /// </summary>
    [Fact]
    public void Schema_keeps_the_rules_strict_validators_compile_by()
    {
        var problems = new List<string>();
        Strict(JsonNode.Parse(File.ReadAllText(Repository.File("docs/journey.schema.json")))!, "#", objectTyped: false, problems);

        Assert.Empty(problems);
    }

    private static void Strict(JsonNode node, string path, bool objectTyped, List<string> problems)
    {
        if (node is not JsonObject schema)
        {
            return;
        }

        if (schema["type"] is JsonArray types && !(types.Count == 2 && types.Any(t => t!.GetValue<string>() == "null")))
        {
            problems.Add($"{path}: a list of types");
        }

        objectTyped |= schema["type"]?.ToJsonString() == "\"object\"";
        var defined = (schema["properties"] as JsonObject)?.Select(p => p.Key).ToHashSet(StringComparer.Ordinal) ?? [];
        if ((schema.ContainsKey("properties") || schema.ContainsKey("required")) && !objectTyped)
        {
            problems.Add($"{path}: properties or required without an object type");
        }

        problems.AddRange(((schema["required"] as JsonArray) ?? []).Select(r => r!.GetValue<string>()).Where(r => !defined.Contains(r)).Select(r => $"{path}: requires {r}, not among its properties"));
        foreach ((string keyword, JsonNode? value) in schema)
        {
            switch (keyword)
            {
                case "allOf" or "anyOf" or "oneOf":
                    foreach ((JsonNode? branch, int i) in value!.AsArray().Select((b, i) => (b, i)))
                    {
                        Strict(branch!, $"{path}/{keyword}/{i}", objectTyped, problems);
                    }

                    break;
                case "if" or "then" or "else" or "not":
                    Strict(value!, $"{path}/{keyword}", objectTyped, problems);
                    break;
                case "properties" or "$defs":
                    foreach ((string name, JsonNode? member) in value!.AsObject())
                    {
                        Strict(member!, $"{path}/{keyword}/{name}", objectTyped: false, problems);
                    }

                    break;
                case "items" or "additionalProperties" or "propertyNames":
                    Strict(value!, $"{path}/{keyword}", objectTyped: false, problems);
                    break;
            }
        }
    }

    /// <summary>The properties a node of <paramref name="nodeType"/> has, from the schema's if/then rules.</summary>
    private static JsonElement ThenOf(JsonDocument schema, string nodeType) =>
        schema.RootElement.GetProperty("$defs").GetProperty("node").GetProperty("allOf").EnumerateArray()
            .Single(rule => rule.GetProperty("if").GetProperty("properties").GetProperty("type").TryGetProperty("const", out JsonElement c) && c.GetString() == nodeType)
            .GetProperty("then").GetProperty("properties");

    /// <summary>Whether a schema pattern takes the text (the schema's patterns are plain enough to read the same in .NET).</summary>
    private static bool Matches(string text, string pattern) =>
        System.Text.RegularExpressions.Regex.IsMatch(text, pattern, System.Text.RegularExpressions.RegexOptions.None, TimeSpan.FromSeconds(1));

    private static string[] EnumOf(JsonElement property) =>
        property.GetProperty("enum").EnumerateArray().Select(e => e.GetString()!).Order(StringComparer.Ordinal).ToArray();
}
