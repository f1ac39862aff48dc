using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace JourneyFunctions.EndToEnd.Tests.BadInput;

/// <summary>
/// The README's journey with one to three random changes (a value swapped for another JSON type, an extreme or a
/// hostile text; a member or an item removed; an item repeated; a member added), many of them from a fixed seed,
/// posted to <c>journeys/validate</c>: each answer is a verdict (200) or a problem-details 4xx, never a 5xx, and the
/// host keeps answering. The corpus holds the cases we thought of; this finds the ones we did not.
/// </summary>
public sealed class MutatedJourneyTests(BadInputCorpus corpus) : IClassFixture<BadInputCorpus>
{
    private const int Mutations = 300;

    private static readonly Func<JsonNode?>[] Values =
    [
        () => null, () => true, () => 0, () => -1, () => 1.5, () => 1e300, () => long.MaxValue, () => "",
        () => new string('x', 2_000), () => "P-1D", () => "2020-01-01", () => "other", () => "event", () => "\u0000",
        () => new JsonArray(), () => new JsonObject(), () => new JsonArray((JsonNode?)null), () => new JsonObject { ["a"] = 1 },
    ];

    /// <summary>The README's small journey: valid as it stands and naming nothing stored, so the answers do not depend on seeded data.</summary>
    private const string ReadmeJourney = """
        { "name": "Welcome software accounts",
          "nodes": [
            { "id": "start", "type": "start", "audience": { "accounts": ["acct-000000", "acct-000001"] } },
            { "id": "by-industry", "type": "splitByAccount", "otherPath": true,
              "paths": [ { "id": "software", "conditions": [ { "attribute": "Industry", "operator": "equals", "value": "Software" } ] } ] },
            { "id": "score-software", "type": "action", "action": "changeScore", "settings": { "scoreName": "engagement", "change": 10 } },
            { "id": "tier", "type": "action", "action": "changeAccountDataValue", "settings": { "attribute": "Tier", "value": "nurture" } },
            { "id": "merge", "type": "merge" },
            { "id": "pause", "type": "wait", "duration": "PT2S" },
            { "id": "end", "type": "end" } ],
          "edges": [
            { "from": "start", "to": "by-industry" },
            { "from": "by-industry", "to": "score-software", "path": "software" }, { "from": "by-industry", "to": "tier", "path": "other" },
            { "from": "score-software", "to": "merge" }, { "from": "tier", "to": "merge" },
            { "from": "merge", "to": "pause" }, { "from": "pause", "to": "end" } ] }
        """;

    [Fact]
    public async Task Each_mutation_of_the_readme_journey_gets_a_verdict_or_a_problem_never_a_5xx()
    {
        JsonNode sample = JsonNode.Parse(ReadmeJourney)!;
        var random = new Random(20261203);
        var failures = new List<string>();
        var statuses = new HashSet<HttpStatusCode>();
        for (int i = 0; i < Mutations; i++)
        {
            JsonNode journey = sample.DeepClone();
            for (int changes = random.Next(1, 4); changes > 0; changes--)
            {
                Mutate(journey, random);
            }

            string body = journey.ToJsonString();
            using var content = new StringContent(body, Encoding.UTF8, "application/json");
            using HttpResponseMessage response = await corpus.Host.Http.PostAsync(new Uri("journeys/validate", UriKind.Relative), content);
            string text = await response.Content.ReadAsStringAsync();
            statuses.Add(response.StatusCode);
            bool answered = response.StatusCode == HttpStatusCode.OK
                ? JsonNode.Parse(text)?["valid"] is not null
                : (int)response.StatusCode is >= 400 and < 500 && response.Content.Headers.ContentType?.MediaType == "application/problem+json";
            if (!answered)
            {
                failures.Add($"{(int)response.StatusCode} {text[..Math.Min(200, text.Length)]} for {body[..Math.Min(600, body.Length)]}");
            }
        }

        Assert.Empty(failures);
        // Both verdicts and refusals: the changes neither all break the journey at its root nor all miss what is checked.
        Assert.Contains(HttpStatusCode.OK, statuses);
        Assert.Contains(HttpStatusCode.BadRequest, statuses);
        using HttpResponseMessage alive = await corpus.Host.Http.GetAsync(new Uri("journeys?pageSize=1", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, alive.StatusCode);
    }

    /// <summary>One change at a random place of the tree.</summary>
    private static void Mutate(JsonNode journey, Random random)
    {
        List<JsonNode> containers = [.. Containers(journey)];
        JsonNode parent = containers[random.Next(containers.Count)];
        int operation = random.Next(4);
        if (parent is JsonObject obj)
        {
            string[] names = [.. obj.Select(p => p.Key)];
            if (operation == 3 || names.Length == 0)
            {
                obj[random.Next(2) == 0 ? "zz" : "Id"] = Values[random.Next(Values.Length)]();
            }
            else if (operation == 2)
            {
                obj.Remove(names[random.Next(names.Length)]);
            }
            else
            {
                obj[names[random.Next(names.Length)]] = Values[random.Next(Values.Length)]();
            }
        }
        else if (parent is JsonArray array && array.Count > 0)
        {
            int at = random.Next(array.Count);
            if (operation == 3)
            {
                array.Add(array[at]?.DeepClone());
            }
            else if (operation == 2)
            {
                array.RemoveAt(at);
            }
            else
            {
                array[at] = Values[random.Next(Values.Length)]();
            }
        }
    }

    private static IEnumerable<JsonNode> Containers(JsonNode node)
    {
        yield return node;
        IEnumerable<JsonNode?> children = node switch
        {
            JsonObject obj => obj.Select(p => p.Value),
            JsonArray array => array,
            _ => [],
        };
        foreach (JsonNode child in children.OfType<JsonNode>().Where(c => c is JsonObject or JsonArray).ToList())
        {
            foreach (JsonNode inner in Containers(child))
            {
                yield return inner;
            }
        }
    }
}
