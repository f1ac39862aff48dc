using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.DevHost.Hosting;
using JourneyFunctions.DevHost.Triggers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// The local host refuses at start, naming the setting, a value it would take and then not work with: a timer
/// schedule that is missing, empty or no NCRONTAB, and DevHost values storage or the network would refuse later.
/// </summary>
public sealed class DevHostSettingsTests
{
    private static IConfiguration Settings(params (string Key, string? Value)[] values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => KeyValuePair.Create(v.Key, v.Value))).Build();

    private static (string, string?)[] ValidSchedules() =>
        [("InitialSyncSchedule", "0 */1 * * * *"), ("MarketoChangesSchedule", "0 */1 * * * *"), ("SalesforceInboundSchedule", "0 */1 * * * *"), ("SalesActivityDrainSchedule", "*/30 * * * * *")];

    private static Task StartTimersAsync(IConfiguration configuration) =>
        new TimerTriggerService(null!, configuration, TimeProvider.System, NullLogger<TimerTriggerService>.Instance).StartAsync(CancellationToken.None);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("notcron")]
    [InlineData("*/5 * * * *")]
    [InlineData("0 0 25 * * *")]
    [InlineData("@daily")]
    [InlineData(" @every_second")]
    [InlineData("0 0 0 30 2 *")]
    [InlineData("0 0 2 ? * *")] // Cronos reads these five and NCrontab does not: the Functions host would leave the timer unloaded
    [InlineData("0 0 2 L * *")]
    [InlineData("0 0 2 15W * *")]
    [InlineData("0 0 2 * * 5#2")]
    [InlineData("0 0 0 * * 7")]
    public async Task A_timer_schedule_missing_empty_or_unreadable_stops_the_start_naming_its_setting_and_timer(string? schedule)
    {
        IConfiguration configuration = Settings([.. ValidSchedules().Where(s => s.Item1 != "SalesforceInboundSchedule"), ("SalesforceInboundSchedule", schedule)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => StartTimersAsync(configuration));

        Assert.Contains("SalesforceInboundSchedule", error.Message, StringComparison.Ordinal);
        Assert.Contains(FunctionReader.App.Single(f => f.Binding == "%SalesforceInboundSchedule%").Name, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Valid_schedules_start_every_timer()
    {
        var timers = new TimerTriggerService(null!, Settings(ValidSchedules()), TimeProvider.System, NullLogger<TimerTriggerService>.Instance);

        await timers.StartAsync(CancellationToken.None);
        await timers.StopAsync(CancellationToken.None);

        Assert.Equal(4, FunctionReader.App.Count(f => f.Trigger == FunctionReader.Timer));
    }

    [Theory]
    [InlineData("0 7 17 * * MON-FRI")] // a 7 outside the weekday, and weekday names (WED holds a W)
    [InlineData("0 0 2 1-15/2 JAN,JUL SUN,WED")]
    [InlineData("0 0 2 * * 0-6")]
    [InlineData("0 0 2 * * */7")] // a step of 7, not Sunday as 7
    public async Task Schedules_both_hosts_read_start_their_timers(string schedule)
    {
        var timers = new TimerTriggerService(null!, Settings([.. ValidSchedules().Where(s => s.Item1 != "SalesforceInboundSchedule"), ("SalesforceInboundSchedule", schedule)]), TimeProvider.System, NullLogger<TimerTriggerService>.Instance);

        await timers.StartAsync(CancellationToken.None);
        await timers.StopAsync(CancellationToken.None);
    }

    [Theory]
    [InlineData("DurableMessageVisibility", "00:00:00")]
    [InlineData("DurableMessageVisibility", "00:00:00.5")]
    [InlineData("DurableMessageVisibility", "-00:00:05")]
    [InlineData("DurableMessageVisibility", "8.00:00:00")]
    [InlineData("QueueRetryDelay", "-00:00:05")]
    [InlineData("QueuePollInterval", "00:00:00")]
    [InlineData("GrpcPort", "0")]
    [InlineData("HttpPort", "70000")]
    [InlineData("HttpPort", "7081")]
    [InlineData("GrpcPort", "7071")]
    [InlineData("SamplePeople", "0")]
    [InlineData("SamplePeople", "1000001")]
    [InlineData("QueueBatchSize", "33")]
    [InlineData("QueueBatchSize", "0")]
    [InlineData("MaxDequeueCount", "0")]
    [InlineData("MaxDequeueCount", "101")]
    public void A_local_host_setting_it_cannot_work_with_is_refused_by_name(string name, string value)
    {
        var options = new DevHostOptions();
        Settings(("DevHost:" + name, value)).GetSection("DevHost").Bind(options);

        var error = Assert.Throws<InvalidOperationException>(options.Validate);

        Assert.Contains("DevHost__" + name, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("HttpPort", "")]
    [InlineData("SamplePeople", "abc")]
    [InlineData("QueueRetryDelay", "20s")]
    [InlineData("SeedSampleData", "yes")]
    public void A_local_host_setting_that_is_no_value_of_its_type_is_refused_by_name(string name, string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => new DevHostOptions().Bind(Settings(("DevHost:" + name, value))));

        Assert.Contains($"'DevHost__{name}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_and_the_documented_examples_are_taken()
    {
        var options = new DevHostOptions();
        Settings(("DevHost:DurableMessageVisibility", "00:00:20"), ("DevHost:QueueRetryDelay", "00:00:01"), ("DevHost:SamplePeople", "1000000")).GetSection("DevHost").Bind(options);

        options.Validate();
        new DevHostOptions().Validate();
    }

    [Fact]
    public void A_setting_given_twice_in_the_settings_file_in_any_case_stops_the_start_naming_it_and_the_file()
    {
        string root = Directory.CreateTempSubdirectory("local-settings-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(root, "local.settings.json"), """{ "Values": { "JourneyBatchSize": "500", "journeyBatchSize": "600" } }""");

            var error = Assert.Throws<InvalidOperationException>(() => LocalSettings.Load(root));

            Assert.Contains("'JourneyBatchSize' is given more than once", error.Message, StringComparison.Ordinal);
            Assert.Contains("local.settings.json", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }
}
