using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// Where the Functions host and the local host could behave differently, checked against what each one reads: the
/// Functions app's generated functions.metadata and host.json on one side, the local host's catalog and settings on
/// the other. The README's "Running under the Functions host" table lists each point.
/// </summary>
public sealed class HostParityTests
{
    private static readonly JsonNode HostJsonFile = JsonNode.Parse(File.ReadAllText(Repository.File("host.json")))!;

    private static IEnumerable<(string Name, JsonNode Trigger)> AllTriggers(string type)
    {
        JsonArray metadata = JsonNode.Parse(File.ReadAllText(Repository.BuildOutput("functions", "functions.metadata")))!.AsArray();
        foreach (JsonNode? function in metadata)
        {
            if (function!["bindings"]!.AsArray().FirstOrDefault(b => b!["type"]!.GetValue<string>() == type) is { } trigger)
            {
                yield return (function["name"]!.GetValue<string>(), trigger);
            }
        }
    }

    /// <summary>What the local host serves of one trigger type, read from the Functions app's own attributes.</summary>
    private static IEnumerable<LocalFunction> ServedBy(string trigger) => FunctionReader.App.Where(f => f.Trigger == trigger);

    [Fact]
    public async Task Queue_messages_are_base64_as_host_json_tells_the_Functions_queue_trigger()
    {
        Assert.Equal("base64", HostJson.QueueMessageEncoding(Repository.Root));
        var storage = new StorageAccount(TestStorage.ConnectionString);
        string name = "parity-" + Guid.NewGuid().ToString("N")[..12];
        QueueClient queue = storage.Queue(name);
        await queue.CreateAsync();
        try
        {
            await queue.SendMessageAsync("{\"marketoId\":\"ü-1\"}");
            var raw = new QueueClient(TestStorage.ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
            PeekedMessage message = (await raw.PeekMessageAsync()).Value;

            Assert.Equal(Convert.ToBase64String("{\"marketoId\":\"ü-1\"}"u8.ToArray()), message.Body.ToString());
        }
        finally
        {
            await queue.DeleteAsync();
        }
    }

    [Fact]
    public void Every_queue_trigger_reads_a_queue_both_hosts_create_with_its_poison_queue()
    {
        var queues = AllTriggers("queueTrigger").Select(f => f.Trigger["queueName"]!.GetValue<string>()).ToList();

        Assert.Equal(QueueNames.Triggered.Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
        Assert.Equal(ServedBy(FunctionReader.Queue).Select(f => f.Binding!).Order(StringComparer.Ordinal), queues.Order(StringComparer.Ordinal));
        // The Functions queue trigger moves a message to "<queue>-poison"; both hosts create those at start.
        Assert.All(queues, queue => Assert.Contains(queue + "-poison", QueueNames.All));
        Assert.All(queues, queue => Assert.Equal(queue + "-poison", QueueNames.PoisonOf(queue)));
    }

    [Fact]
    public void The_local_host_retries_failed_messages_as_host_json_says()
    {
        JsonNode queues = HostJsonFile["extensions"]!["queues"]!;

        Assert.Equal(queues["maxDequeueCount"]!.GetValue<int>(), HostJson.MaxDequeueCount(Repository.Root));
        Assert.Equal(queues["batchSize"]!.GetValue<int>(), HostJson.QueueBatchSize(Repository.Root));
        Assert.Equal(TimeSpan.Parse(queues["visibilityTimeout"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), HostJson.QueueVisibilityTimeout(Repository.Root));
    }

    [Fact]
    public void The_local_host_polls_idle_Durable_queues_as_host_json_says()
    {
        JsonNode provider = HostJsonFile["extensions"]!["durableTask"]!["storageProvider"]!;

        Assert.Equal(
            TimeSpan.Parse(provider["maxQueuePollingInterval"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture),
            HostJson.DurableMaxQueuePollingInterval(Repository.Root));
        Assert.True(HostJson.DurableMaxQueuePollingInterval(Repository.Root) <= TimeSpan.FromSeconds(1), "an idle batch would see its events late");
    }

    [Fact]
    public void Timers_take_their_schedules_from_documented_settings_and_never_run_at_start()
    {
        var timers = AllTriggers("timerTrigger").ToList();
        using JsonDocument sample = JsonDocument.Parse(File.ReadAllText(Repository.File("local.settings.sample.json")));

        Assert.Equal(ServedBy(FunctionReader.Timer).Select(f => (f.Name, f.Binding!)).Order(), timers.Select(t => (t.Name, t.Trigger["schedule"]!.GetValue<string>())).Order());
        Assert.All(timers, timer =>
        {
            string setting = timer.Trigger["schedule"]!.GetValue<string>().Trim('%');
            Assert.Contains(setting, AppSettings.Names);
            Assert.True(sample.RootElement.GetProperty("Values").TryGetProperty(setting, out _), $"{setting} is not in local.settings.sample.json");
            // The local host neither runs a timer at start nor catches up a missed occurrence: the Functions host must
            // not either (runOnStartup), and every timer's handler is idempotent start-or-resume work, so a past-due
            // run under the Functions host (useMonitor) does what the next occurrence would.
            Assert.NotEqual(true, timer.Trigger["runOnStartup"]?.GetValue<bool>());
        });
    }

    [Fact]
    public void Every_route_needs_a_function_key_under_the_Functions_host_and_is_served_under_api_by_both()
    {
        var routes = AllTriggers("httpTrigger").ToList();

        // The journey map page's files are the one anonymous route: a browser opening a page cannot send a key.
        Assert.All(routes.Where(r => r.Name != "JourneyMapPage"), route => Assert.Equal("function", route.Trigger["authLevel"]!.GetValue<string>(), StringComparer.OrdinalIgnoreCase));
        // The local host maps every route under /api/, the Functions host's default prefix: host.json must not change it.
        Assert.Null(HostJsonFile["extensions"]?["http"]?["routePrefix"]);
        // Same route templates (constraints included) and methods in both hosts.
        Assert.Equal(
            ServedBy(FunctionReader.Http).Select(f => $"{f.Name} {string.Join(',', f.HttpMethods)} {f.Binding}").Order(StringComparer.Ordinal),
            routes.Select(r => $"{r.Name} {string.Join(',', (r.Trigger["methods"]?.AsArray() ?? []).Select(m => m!.GetValue<string>().ToUpperInvariant()))} {r.Trigger["route"]!.GetValue<string>()}").Order(StringComparer.Ordinal));
        // The catch-all (every method, any path) must be the route the Functions host tries last: it tries them in
        // the order of function names, ignoring case, and takes the first that matches path and method.
        Assert.Equal("ZUnmatchedRoute", routes.Select(r => r.Name).Order(StringComparer.OrdinalIgnoreCase).Last());
        Assert.Equal("{*path}", routes.Single(r => r.Name == "ZUnmatchedRoute").Trigger["route"]!.GetValue<string>());
        Assert.Null(routes.Single(r => r.Name == "ZUnmatchedRoute").Trigger["methods"]);
    }
}
