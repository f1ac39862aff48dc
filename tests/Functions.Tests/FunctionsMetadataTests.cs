using JourneyFunctions.Testing;
using System.Text.Json;
using JourneyFunctions.DevHost.Functions;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// Reads the functions.metadata the Worker SDK generates for the Functions app and checks it against what the local
/// host reads from the same app's [Function] attributes: both hosts serve exactly the same functions with the same
/// triggers and bindings.
/// </summary>
public sealed class FunctionsMetadataTests
{
    private static readonly Dictionary<string, string?> BindingKey = new(StringComparer.Ordinal)
    {
        ["httpTrigger"] = "route",
        ["timerTrigger"] = "schedule",
        ["queueTrigger"] = "queueName",
        ["orchestrationTrigger"] = null,
        ["activityTrigger"] = null,
    };

    private static List<HostedFunction> FunctionsAppMetadata()
    {
        string file = Repository.BuildOutput("functions", "functions.metadata");
        using JsonDocument metadata = JsonDocument.Parse(File.ReadAllText(file));
        var functions = new List<HostedFunction>();
        foreach (JsonElement function in metadata.RootElement.EnumerateArray())
        {
            JsonElement trigger = function.GetProperty("bindings").EnumerateArray()
                .Single(b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));
            string type = trigger.GetProperty("type").GetString()!;
            string? key = BindingKey.TryGetValue(type, out string? k) ? k : throw new InvalidOperationException($"Unexpected trigger type {type}");
            string? binding = key is null ? null : trigger.GetProperty(key).GetString();
            if (type == "httpTrigger")
            {
                // No methods (the catch-all) means every method, as the local host reads it: an empty list.
                string methods = trigger.TryGetProperty("methods", out JsonElement declared)
                    ? string.Join(',', declared.EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()))
                    : "";
                binding = $"{methods} {binding}";
            }

            functions.Add(new HostedFunction(function.GetProperty("name").GetString()!, type, binding));
        }

        return functions;
    }

    [Fact]
    public void Functions_app_and_local_host_serve_the_same_functions()
    {
        var app = FunctionsAppMetadata().OrderBy(f => f.Name, StringComparer.Ordinal).ToList();
        var local = FunctionReader.App.Select(f => f.Describe()).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

        Assert.Empty(app.Except(local).Select(f => $"only in the Functions app: {f}"));
        Assert.Empty(local.Except(app).Select(f => $"only in the local host: {f}"));
    }

    [Fact]
    public void The_readme_counts_the_functions_there_are()
    {
        System.Text.RegularExpressions.Match said = System.Text.RegularExpressions.Regex.Match(
            File.ReadAllText(Repository.File("README.md")), @"`functions\.metadata` \(name, trigger, route and methods, schedule, queue\): (\d+) functions");

        Assert.True(said.Success, "The README no longer says how many functions there are.");
        Assert.Equal(FunctionsAppMetadata().Count, int.Parse(said.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("CreateJourney", "httpTrigger", "POST journeys")]
    [InlineData("StartJourneyRun", "httpTrigger", "POST journeys/{journeyId}/runs")]
    [InlineData("ListJourneyRuns", "httpTrigger", "GET journeys/{journeyId}/runs")]
    [InlineData("GetRunStatus", "httpTrigger", "GET runs/{runId}")]
    [InlineData("RaiseRunEvent", "httpTrigger", "POST runs/{runId}/events")]
    [InlineData("InitialSyncTimer", "timerTrigger", "%InitialSyncSchedule%")]
    [InlineData("ApplyPersonChange", "queueTrigger", "person-changes")]
    [InlineData("MarketoChangesTimer", "timerTrigger", "%MarketoChangesSchedule%")]
    [InlineData("SalesforceInboundTimer", "timerTrigger", "%SalesforceInboundSchedule%")]
    [InlineData("JourneyRun", "orchestrationTrigger", null)]
    [InlineData("JourneyAccountBatch", "orchestrationTrigger", null)]
    [InlineData("InitialSync", "orchestrationTrigger", null)]
    [InlineData("ApplyAccountAction", "activityTrigger", null)]
    [InlineData("ApplyPeopleAction", "activityTrigger", null)]
    [InlineData("CountSyncSource", "activityTrigger", null)]
    [InlineData("ReadSyncThrottle", "activityTrigger", null)]
    [InlineData("StartSyncRun", "activityTrigger", null)]
    [InlineData("SweepSalesPeople", "activityTrigger", null)]
    [InlineData("GetSalesPerson", "httpTrigger", "GET sales/people/{marketoId}")]
    [InlineData("ListSalesPeople", "httpTrigger", "GET sales/people")]
    [InlineData("RejectSalesPeopleWrite", "httpTrigger", "POST,PUT,PATCH,DELETE sales/people")]
    [InlineData("RejectSalesPersonWrite", "httpTrigger", "POST,PUT,PATCH,DELETE sales/people/{marketoId}")]
    public void Functions_app_declares_each_trigger(string name, string trigger, string? binding) =>
        Assert.Contains(new HostedFunction(name, trigger, binding), FunctionsAppMetadata());

    [Fact]
    public void Every_action_has_an_activity_function()
    {
        var activities = FunctionsAppMetadata().Where(f => f.Trigger == "activityTrigger").Select(f => f.Name).ToHashSet();

        Assert.All(Domain.Actions.ActionCatalog.All, action => Assert.Contains(action.ActivityName, activities));
    }

    /// <summary>
    /// The Functions host tries HTTP routes in the order of their functions' names (case-insensitive), not by how
    /// specific they are as ASP.NET Core (the local host) does: for a path built from each route's template, the first
    /// function in that order whose route and methods take it must be the route's own function, so no literal segment
    /// is shadowed by a parameter and the catch-all takes only what no other route does.
    /// </summary>
    [Fact]
    public void The_Functions_host_s_name_order_picks_each_route_s_own_function()
    {
        var routes = FunctionsAppMetadata().Where(f => f.Trigger == "httpTrigger").OrderBy(f => f.Name, StringComparer.OrdinalIgnoreCase).Select(f =>
        {
            string[] parts = f.Binding!.Split(' ', 2);
            return (f.Name, Methods: parts[0].Split(',', StringSplitOptions.RemoveEmptyEntries), Route: new Handlers.Http.ApiRoute(parts[1], []));
        }).ToList();

        foreach (var route in routes)
        {
            // Every parameter a value no literal segment has; a catch-all two segments of them.
            string path = "/" + string.Join('/', route.Route.Template.Split('/').Select(segment =>
                !segment.StartsWith('{') ? segment : segment.StartsWith("{*", StringComparison.Ordinal) ? "p1/p2" : segment.Contains(":int", StringComparison.Ordinal) ? "1" : "p1"));
            foreach (string method in route.Methods.DefaultIfEmpty("GET"))
            {
                string first = routes.First(r => (r.Methods.Length == 0 || r.Methods.Contains(method)) && r.Route.Matches(path)).Name;
                Assert.True(first == route.Name, $"{method} {path}: the Functions host would run {first}, not {route.Name}");
            }
        }
    }
}
