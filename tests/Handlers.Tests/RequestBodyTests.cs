using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Tests;

/// <summary>
/// How request bodies are read: a leading UTF-8 byte order mark is ignored, anything else malformed is a 400; null
/// for an optional member is no value; what a request may nest can be written back inside other objects.
/// </summary>
public sealed class RequestBodyTests
{
    [Fact]
    public async Task A_leading_byte_order_mark_is_ignored()
    {
        (JsonObject? value, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request([0xEF, 0xBB, 0xBF, .. "{\"a\":1}"u8]), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal(1, (int)value!["a"]!);
    }

    [Fact]
    public async Task An_optional_body_of_only_a_byte_order_mark_is_no_body()
    {
        (JsonObject? value, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request([0xEF, 0xBB, 0xBF]), CancellationToken.None, optional: true);

        Assert.Null(error);
        Assert.Null(value);
    }

    [Theory]
    [InlineData(" ")]
    [InlineData("\r\n\t ")]
    public async Task An_optional_body_of_only_whitespace_is_no_body_and_a_required_one_is_called_empty(string body)
    {
        (JsonObject? value, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request(Encoding.UTF8.GetBytes(body)), CancellationToken.None, optional: true);
        (_, IResult? required) = await RequestBody.ReadAsync<JsonObject>(Request(Encoding.UTF8.GetBytes(body)), CancellationToken.None);

        Assert.Equal((null, null), (value, error));
        Assert.Equal("The request body is empty; a JSON object is expected.", (await ProblemOf(required!))["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_of_null_is_called_null_not_empty_optional_or_not()
    {
        (_, IResult? optional) = await RequestBody.ReadAsync<JsonObject>(Request(" null "u8.ToArray()), CancellationToken.None, optional: true);

        Assert.Equal("The request body is null; a JSON object is expected.", (await ProblemOf(optional!))["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, (byte)'{', (byte)'}' })] // a second mark is text, not JSON
    [InlineData(new byte[] { 0xFE, 0xFF, 0, (byte)'{', 0, (byte)'}' })] // UTF-16: bodies are UTF-8
    public async Task Anything_else_before_the_JSON_is_malformed(byte[] body)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request(body), CancellationToken.None);

        Assert.Equal(StatusCodes.Status400BadRequest, Assert.IsAssignableFrom<IStatusCodeHttpResult>(error).StatusCode);
    }

    [Fact]
    public async Task An_optional_member_of_a_journey_given_as_null_counts_as_absent()
    {
        byte[] body = """
            { "name": null, "description": null, "nodes": [
                { "id": "s", "type": "start", "audience": { "accounts": ["a1"] }, "startAt": null, "reentry": null },
                { "id": "split", "type": "splitByAccount", "paths": [ { "id": "p", "conditions": [] } ], "otherPath": null },
                { "id": "l", "type": "listenForEvent", "event": { "scope": "account", "type": "accountDataChange" }, "timeoutPath": null } ],
              "edges": [] }
            """u8.ToArray();

        (JourneyDefinition? journey, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(body), CancellationToken.None);

        Assert.Null(error);
        Assert.Equal("", journey!.Name);
        Assert.Null(journey.Nodes[1].OtherPath);
        Assert.Null(journey.Nodes[2].TimeoutPath);
    }

    [Fact]
    public async Task A_journey_nested_as_deep_as_a_request_may_be_can_be_stored_and_answered_inside_other_objects()
    {
        // The body's root is level 1, the settings object level 4, so the setting's arrays take the rest of the 64.
        string deep = new string('[', RequestBody.MaxDepth - 4) + new string(']', RequestBody.MaxDepth - 4);
        string journeyJson = $$"""
            { "nodes": [ { "id": "s", "type": "start", "audience": { "accounts": ["a1"] } },
              { "id": "c", "type": "changeScore", "settings": { "scoreName": "a", "change": 1, "extra": {{deep}} } } ], "edges": [] }
            """;

        (JourneyDefinition? journey, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(journeyJson)), CancellationToken.None);
        (_, IResult? tooDeep) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(journeyJson.Replace(deep, "[" + deep + "]", StringComparison.Ordinal))), CancellationToken.None);

        Assert.Null(error);
        Assert.NotNull(tooDeep);
        string wrapped = JsonSerializer.Serialize(new { journey = new { draft = journey, versions = new[] { new { definition = journey } } } }, JsonDefaults.Options);
        Assert.NotNull(JsonSerializer.Deserialize<JsonElement>(wrapped, JsonDefaults.Options).GetProperty("journey").GetProperty("versions")[0].GetProperty("definition").Deserialize<JourneyDefinition>(JsonDefaults.Options));
    }

    [Theory]
    [InlineData(new byte[] { (byte)'"', 0xC3, 0x28, (byte)'"' }, "is not valid UTF-8 text")]
    [InlineData(new byte[] { (byte)'"', (byte)'\\', (byte)'u', (byte)'D', (byte)'8', (byte)'0', (byte)'0', (byte)'"' }, "holds half of a UTF-16 surrogate pair (an escape \\uD800-\\uDFFF without its other half)")]
    public async Task A_text_that_is_no_text_is_malformed_naming_its_field_and_why(byte[] name, string reason)
    {
        byte[] body = [.. "{\"nodes\":[],\"name\":"u8, .. name, .. "}"u8];

        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(body), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal(("name", reason), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["reason"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_member_given_again_in_another_case_is_given_twice()
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request("""{"nodes":[],"edges":[],"Nodes":[]}"""u8.ToArray()), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal("is given twice in one object (member names match ignoring case)", problem["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"enabled":true,"Enabled":true}""", "Enabled")]
    [InlineData("""[{"id":"k1","type":"openSalesEmail","note":{"a":1,"A":2}}]""", "[0].note.A")]
    public async Task A_body_read_as_a_tree_refuses_a_member_given_again_in_another_case_naming_it(string json, string field)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JsonNode>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.Equal(field, problem["errors"]![0]!["field"]!.GetValue<string>());
        Assert.Equal("is given twice in one object (member names match ignoring case)", problem["errors"]![0]!["reason"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"nodes":[{"id":"w","type":"wait","until":"2030-01-01"}],"edges":[]}""", "nodes[0].until", "must be a date-time such as 2026-12-01T09:00:00Z (RFC 3339; the seconds and the offset may be left out)")]
    [InlineData("""{"nodes":[{"id":"s","type":"start","reentry":{"enabled":true,"maxEntries":2.5}}],"edges":[]}""", "nodes[0].reentry.maxEntries", "must be a whole number within the documented bounds (a JSON number, not text)")]
    public async Task A_date_or_whole_number_the_converters_refuse_is_named_with_what_is_due(string json, string field, string reason)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal("urn:journeyfunctions:problem:malformed-json", problem["type"]!.GetValue<string>());
        Assert.Equal((field, reason), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"nodes":[{"id":"s","type":"start","audience":{"accounts":"a"}}],"edges":[]}""", "nodes[0].audience.accounts", "an array expected")]
    [InlineData("""{"nodes":[{"id":"s","type":"start","audience":{"accounts":[5]}}],"edges":[]}""", "nodes[0].audience.accounts[0]", "text expected")]
    [InlineData("""{"nodes":[],"edges":{}}""", "edges", "an array expected")]
    [InlineData("""{"name":5,"nodes":[],"edges":[]}""", "name", "text expected")]
    [InlineData("""{"nodes":[{"id":"s","type":"start","reentry":{"enabled":null}}],"edges":[]}""", "nodes[0].reentry.enabled", "true or false expected (it may not be null)")]
    [InlineData("""{"nodes":[{"id":"s","type":"start","reentry":{"enabled":"yes"}}],"edges":[]}""", "nodes[0].reentry.enabled", "true or false expected (it may not be null)")]
    [InlineData("""{"nodes":[],"edges":[{"from":"s","to":"e","path":5}]}""", "edges[0].path", "text expected")] // null is absent there, so not "it may not be null"
    [InlineData("""{"nodes":[{"id":"s","type":"start","reentry":{"enabled":true,"waitPeriod":5}}],"edges":[]}""", "nodes[0].reentry.waitPeriod", "text expected")]
    public async Task A_wrong_JSON_type_names_what_is_expected(string json, string field, string expected)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal((field, "has the wrong JSON type: " + expected), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""{"name":"no edges","nodes":[]}""", "edges")]
    [InlineData("""{"edges":[]}""", "nodes")]
    public async Task A_journey_without_its_nodes_or_edges_member_is_malformed_naming_the_member(string json, string member)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal("urn:journeyfunctions:problem:malformed-json", problem["type"]!.GetValue<string>());
        Assert.Equal((member, $"is missing required field(s) '{member}'"), (problem["errors"]![0]!["field"]!.GetValue<string>(), problem["errors"]![0]!["reason"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("{} {}")]
    [InlineData("""{"name":"x","nodes":[],"edges":[]} x""")]
    public async Task Text_after_the_body_is_the_whole_body_wrong_naming_no_field_even_when_its_object_lacks_members(string json)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal("urn:journeyfunctions:problem:malformed-json", problem["type"]!.GetValue<string>());
        Assert.Null(problem["errors"]![0]!["field"]);
    }

    [Theory]
    [InlineData("x", "x")]
    [InlineData("nodes", "nodes")]
    public async Task A_member_nested_deeper_than_a_request_may_be_is_named_whether_or_not_the_model_knows_it(string member, string field)
    {
        // The root object is level 1, so 64 arrays inside it are one too many.
        static string Body(string member, int arrays) => $$"""{"edges":[],"{{member}}":{{new string('[', arrays)}}{{new string(']', arrays)}}}""";
        string json = Body(member, RequestBody.MaxDepth);

        (_, IResult? typed) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        (_, IResult? tree) = await RequestBody.ReadAsync<JsonObject>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);
        (_, IResult? asDeepAsMay) = await RequestBody.ReadAsync<JsonObject>(Request(Encoding.UTF8.GetBytes(Body(member, RequestBody.MaxDepth - 1))), CancellationToken.None);

        foreach (IResult error in new[] { typed!, tree! })
        {
            JsonNode problem = await ProblemOf(error);
            Assert.Equal(field, problem["errors"]![0]!["field"]!.GetValue<string>());
            Assert.Equal($"nests deeper than {RequestBody.MaxDepth} levels", problem["errors"]![0]!["reason"]!.GetValue<string>());
        }

        Assert.Null(asDeepAsMay);
    }

    [Theory]
    [InlineData("""{"nodes":[{"id":"c","type":"changeScore","settings":{"scoreName":"e","change":1,}}],"edges":[]}""")]
    [InlineData("""{"nodes":[],"edges":[],}""")]
    public async Task A_trailing_comma_is_said_in_the_api_s_words(string json)
    {
        (_, IResult? error) = await RequestBody.ReadAsync<JourneyDefinition>(Request(Encoding.UTF8.GetBytes(json)), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.Equal("has a trailing comma, which JSON does not allow", problem["errors"]![0]!["reason"]!.GetValue<string>());
        Assert.DoesNotContain("reader options", problem["detail"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Malformed_json_as_deep_as_a_request_may_be_is_not_called_too_deep()
    {
        string inner = new string('[', RequestBody.MaxDepth - 1) + "x" + new string(']', RequestBody.MaxDepth - 1);

        (_, IResult? error) = await RequestBody.ReadAsync<JsonObject>(Request(Encoding.UTF8.GetBytes($$"""{"a":{{inner}}}""")), CancellationToken.None);

        JsonNode problem = await ProblemOf(error!);
        Assert.DoesNotContain("deeper", problem["errors"]![0]!["reason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    private static async Task<JsonNode> ProblemOf(IResult error)
    {
        HttpContext context = Request([]).HttpContext;
        context.Response.Body = new MemoryStream();
        await error.ExecuteAsync(context);
        return JsonNode.Parse(((MemoryStream)context.Response.Body).ToArray())!;
    }

    private static HttpRequest Request(byte[] body)
    {
        var context = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        context.Request.Body = new MemoryStream(body);
        context.Request.ContentLength = body.Length;
        context.Request.ContentType = "application/json; charset=utf-8";
        return context.Request;
    }
}
