using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.FakeMarketo;

/// <summary>
/// Programs of the fake, as the "change program status" action reaches them: Get Program by Name and Get Channel by
/// Name (asset API: an unknown name answers success with a "No assets found" warning and no result), and Sync Program
/// Member Status, which makes leads members at a status of the program's channel. As Marketo does for a flow step, a
/// member is not moved back to an earlier step (skipped with a reason), setting the status a member has is
/// <c>updated</c> again, an unknown lead is skipped with 1004, and a status the channel does not have refuses the call.
/// </summary>
public sealed partial class FakeMarketoServer
{
    private readonly Dictionary<long, FakeProgram> _programs = [];

    /// <summary>A program of a channel whose statuses, in step order, are <paramref name="statuses"/>.</summary>
    public void AddProgram(long programId, string name, string channel, IReadOnlyList<string> statuses)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        lock (_lock)
        {
            _programs[programId] = new FakeProgram(name, channel, [.. statuses]);
        }
    }

    /// <summary>A lead's status in a program, or null when they are no member.</summary>
    public string? ProgramStatus(long programId, long leadId)
    {
        lock (_lock)
        {
            return _programs[programId].Members.TryGetValue(leadId, out int step) ? _programs[programId].Statuses[step] : null;
        }
    }

    private void MapPrograms(WebApplication app)
    {
        app.MapGet("/rest/asset/v1/program/byName.json", (HttpRequest request) => ApiCallAsync(request, () => ProgramByName(request.Query["name"].ToString())));
        app.MapGet("/rest/asset/v1/channel/byName.json", (HttpRequest request) => ApiCallAsync(request, () => ChannelByName(request.Query["name"].ToString())));
        app.MapPost("/rest/v1/programs/{programId:long}/members/status.json", async (HttpRequest request, long programId) =>
        {
            JsonNode? body = await JsonNode.ParseAsync(request.Body);
            return await ApiCallAsync(request, () => SetProgramMemberStatus(programId, body));
        });
    }

    private IResult ProgramByName(string name)
    {
        lock (_lock)
        {
            return Assets(_programs.Where(p => p.Value.Name == name)
                .Select(p => new JsonObject { ["id"] = p.Key, ["name"] = p.Value.Name, ["type"] = "Event", ["channel"] = p.Value.Channel }));
        }
    }

    private IResult ChannelByName(string name)
    {
        lock (_lock)
        {
            return Assets(_programs.Values.Where(p => p.Channel == name).Take(1).Select(p => new JsonObject
            {
                ["id"] = 1,
                ["name"] = p.Channel,
                ["applicableProgramType"] = "event",
                ["progressionStatuses"] = new JsonArray(p.Statuses.Select((status, step) => (JsonNode)new JsonObject
                {
                    ["name"] = status,
                    ["step"] = step,
                    ["success"] = step == p.Statuses.Count - 1,
                    ["hidden"] = false,
                }).ToArray()),
            }));
        }
    }

    /// <summary>An asset API answer: the assets, or success with a warning and no result when there are none.</summary>
    private static IResult Assets(IEnumerable<JsonObject> found)
    {
        JsonNode[] assets = [.. found];
        if (assets.Length > 0)
        {
            return Success(new JsonArray(assets));
        }

        var body = new JsonObject
        {
            ["requestId"] = Guid.NewGuid().ToString("N")[..8],
            ["success"] = true,
            ["errors"] = new JsonArray(),
            ["warnings"] = new JsonArray("No assets found for the given search criteria."),
        };
        return Results.Content(body.ToJsonString(), "application/json");
    }

    private IResult SetProgramMemberStatus(long programId, JsonNode? body)
    {
        if (body?["statusName"]?.GetValue<string>() is not { Length: > 0 } statusName)
        {
            return Failure(609, "Invalid JSON: statusName is required");
        }

        if (Input(body, _limits.MaxRecordsPerCall, "leads", out IResult? refusal) is not { } input)
        {
            return refusal!;
        }

        lock (_lock)
        {
            if (!_programs.TryGetValue(programId, out FakeProgram? program))
            {
                return Failure(1013, $"Program {programId} not found");
            }

            int step = program.Statuses.IndexOf(statusName);
            if (step < 0)
            {
                return Failure(1003, $"Status '{statusName}' is not a status of program {programId}");
            }

            var results = new JsonArray();
            foreach ((JsonNode? item, int seq) in input.Select((item, seq) => (item, seq)))
            {
                long? id = item?["leadId"]?.GetValue<long>();
                var result = new JsonObject { ["seq"] = seq, ["leadId"] = id };
                if (id is null || !_leads.ContainsKey(id.Value))
                {
                    result["status"] = "skipped";
                    result["reasons"] = Reasons(1004, "Lead not found");
                }
                else if (program.Members.TryGetValue(id.Value, out int current) && current > step)
                {
                    result["status"] = "skipped";
                    result["reasons"] = Reasons(1003, $"Lead is at a later status ({program.Statuses[current]})");
                }
                else
                {
                    result["status"] = program.Members.ContainsKey(id.Value) ? "updated" : "created";
                    program.Members[id.Value] = step;
                }

                results.Add(result);
            }

            return Success(results);
        }
    }

    private static JsonArray Reasons(int code, string message) =>
        new(new JsonObject { ["code"] = code.ToString(CultureInfo.InvariantCulture), ["message"] = message });

    private sealed record FakeProgram(string Name, string Channel, List<string> Statuses)
    {
        /// <summary>Each member's step (its index in <see cref="Statuses"/>).</summary>
        public Dictionary<long, int> Members { get; } = [];
    }
}
