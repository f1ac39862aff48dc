using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests.BadInput;

/// <summary>
/// One local host for the whole bad-input corpus (<c>cases.json</c>), with the journeys and the sales person the
/// cases name by placeholder: <c>{draft:x}</c>, <c>{live:x}</c>, <c>{closed:x}</c> (created on first use) and <c>{person}</c>.
/// </summary>
public sealed class BadInputCorpus : IAsyncLifetime
{
    private readonly Dictionary<string, string> _journeys = new(StringComparer.Ordinal);
    private readonly TestData _data = new();

    public DevHostProcess Host { get; private set; } = null!;

    public string Person => _data.Person(0, 0);

    private int _passed;
    private int _failed;

    public static IReadOnlyList<JsonObject> Cases { get; } =
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "BadInput", "cases.json")))!.AsArray().Select(c => c!.AsObject()).ToList();

    public async Task InitializeAsync()
    {
        Host = await DevHostProcess.StartAsync(DevHostProcess.NewTaskHub());
        await new SalesPeopleStore(_data.Storage).WriteIfNewerAsync([SalesPerson.From(new TableEntity(_data.Account(0), Person)
        {
            [PersonFields.Email] = Person + "@example.com",
            [PersonFields.LeadOwner] = "seller@example.com",
            [PersonFields.ChangeVersion] = 1L,
        })]);
        foreach (JsonObject queueCase in Cases.Where(c => (string?)c["method"] == "QUEUE"))
        {
            await _data.Storage.Queue((string)queueCase["path"]! + "-poison").CreateIfNotExistsAsync();
        }
    }

    public async Task DisposeAsync()
    {
        // The summary line CI shows beside the test counts (scripts/test.sh prints it from the results too).
        Console.WriteLine($"bad-input corpus: {_passed} passed, {_failed} failed");
        await Host.DisposeAsync();
    }

    public void Record(bool passed) => Interlocked.Increment(ref passed ? ref _passed : ref _failed);

    /// <summary>Replaces the placeholders of a path or body, creating the journeys they name.</summary>
    public async Task<string> ResolveAsync(string text)
    {
        text = text.Replace("{person}", Person, StringComparison.Ordinal);
        foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"\{(draft|live|closed):(\w+)\}"))
        {
            if (!_journeys.TryGetValue(m.Value, out string? id))
            {
                id = await CreateJourneyAsync(m.Groups[1].Value);
                _journeys[m.Value] = id;
            }

            text = text.Replace(m.Value, id, StringComparison.Ordinal);
        }

        return text;
    }

    private async Task<string> CreateJourneyAsync(string state)
    {
        using var body = new StringContent(Journeys.Linear(new JsonObject { ["id"] = "m", ["type"] = "wait", ["duration"] = "PT1H" }).ToJsonString(), Encoding.UTF8, "application/json");
        using HttpResponseMessage created = await Host.Http.PostAsync(new Uri("journeys", UriKind.Relative), body);
        string id = JsonNode.Parse(await created.Content.ReadAsStringAsync())!["id"]!.GetValue<string>();
        foreach (string step in state switch { "live" => ["publish"], "closed" => ["publish", "close"], _ => Array.Empty<string>() })
        {
            using HttpResponseMessage done = await Host.Http.PostAsync(new Uri($"journeys/{id}/{step}", UriKind.Relative), null);
            done.EnsureSuccessStatusCode();
        }

        return id;
    }
}

/// <summary>Request bodies of the corpus: a valid linear journey with one node changed, and the generated large ones.</summary>
internal static class Journeys
{
    public static JsonObject Linear(JsonNode? middle, JsonObject? start = null)
    {
        var startNode = new JsonObject { ["id"] = "s", ["type"] = "start", ["audience"] = new JsonObject { ["accounts"] = new JsonArray("a1") } };
        foreach ((string name, JsonNode? value) in start ?? [])
        {
            startNode[name] = value?.DeepClone();
        }

        return new JsonObject
        {
            ["name"] = "corpus",
            ["nodes"] = new JsonArray(startNode, middle?.DeepClone(), new JsonObject { ["id"] = "e", ["type"] = "end" }),
            ["edges"] = new JsonArray(Edge("s", "m"), Edge("m", "e")),
        };
    }

    public static string Generate(string name) => name switch
    {
        "chain10000" => Chain(10_000),
        "chain501" => Chain(501),
        "edges1001" => new JsonObject
        {
            ["nodes"] = new JsonArray(new JsonObject { ["id"] = "s", ["type"] = "start", ["audience"] = new JsonObject { ["accounts"] = new JsonArray("a1") } }, new JsonObject { ["id"] = "e", ["type"] = "end" }),
            ["edges"] = new JsonArray([.. Enumerable.Range(0, 1001).Select(_ => Edge("s", "e"))]),
        }.ToJsonString(),
        "hugeBody" => "{ \"name\": \"" + new string('x', 2 * 1024 * 1024) + "\" }",
        "deepNesting" => new string('[', 10_000) + new string(']', 10_000),
        "audience20000" => Linear(new JsonObject { ["id"] = "m", ["type"] = "merge" },
            new JsonObject { ["audience"] = new JsonObject { ["accounts"] = new JsonArray([.. Enumerable.Range(0, 20_000).Select(i => (JsonNode)$"acct-{i:D6}")]) } }).ToJsonString(),
        "manySettings" => Linear(new JsonObject
        {
            ["id"] = "m", ["type"] = "action", ["action"] = "updatePersonProfile",
            ["settings"] = new JsonObject(Enumerable.Range(0, 60).Select(i => KeyValuePair.Create($"s{i}", (JsonNode?)"v"))),
        }).ToJsonString(),
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no such generated body"),
    };

    private static JsonObject Edge(string from, string to) => new() { ["from"] = from, ["to"] = to };

    private static string Chain(int length)
    {
        var nodes = new JsonArray(new JsonObject { ["id"] = "n0", ["type"] = "start", ["audience"] = new JsonObject { ["accounts"] = new JsonArray("a1") } });
        for (int i = 1; i < length; i++)
        {
            nodes.Add(new JsonObject { ["id"] = $"n{i}", ["type"] = i == length - 1 ? "end" : "merge" });
        }

        return new JsonObject { ["nodes"] = nodes, ["edges"] = new JsonArray([.. Enumerable.Range(1, length - 1).Select(i => Edge($"n{i - 1}", $"n{i}"))]) }.ToJsonString();
    }
}
