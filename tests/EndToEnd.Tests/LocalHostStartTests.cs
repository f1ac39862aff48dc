using JourneyFunctions.Testing;

namespace JourneyFunctions.EndToEnd.Tests;

/// <summary>
/// A setting the local host refuses at start (storage out of reach among them) stops it the way a command-line user can read: one line naming the
/// setting, exit code 1, and no "Local host on ..." line before it (not an unhandled exception's crash dump).
/// </summary>
public sealed class LocalHostStartTests
{
    [Theory]
    [InlineData("DevHost__SamplePeople", "0")]
    [InlineData("DevHost__QueuePollInterval", "abc")]
    [InlineData("DevHost__SamplePeople", "1.5")]
    [InlineData("InitialSyncSchedule", "0 0 * * *")]
    [InlineData("AzureWebJobsStorage", "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=a2V5;BlobEndpoint=http://127.0.0.1:1/devstoreaccount1;QueueEndpoint=http://127.0.0.1:1/devstoreaccount1;TableEndpoint=http://127.0.0.1:1/devstoreaccount1")]
    public async Task A_refused_setting_stops_the_local_host_with_one_line_naming_it_and_exit_code_1(string setting, string value)
    {
        InvalidOperationException stopped = await Assert.ThrowsAsync<InvalidOperationException>(
            () => DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string> { [setting] = value }));

        Assert.StartsWith("The local host exited with 1:", stopped.Message, StringComparison.Ordinal);
        string line = Assert.Single(stopped.Message.Split('\n'), l => l.StartsWith("The local host stopped: ", StringComparison.Ordinal));
        Assert.Contains(setting, line, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", line, StringComparison.Ordinal); // what it takes, not a .NET type
        Assert.DoesNotContain("Unhandled exception", stopped.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Local host on", stopped.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("DevHost__HttpPort", "true", false)]
    [InlineData("DevHost__HttpPort", "true", true)]
    [InlineData("DevHost__GrpcPort", "false", false)]
    public async Task A_port_taken_stops_the_local_host_naming_its_setting_before_it_seeds_anything(string setting, string seed, bool onIPv6Only)
    {
        // Another process (a host already running) holds the port; the HTTP port also when held on IPv6's loopback alone.
        var taken = new System.Net.Sockets.TcpListener(onIPv6Only ? System.Net.IPAddress.IPv6Loopback : System.Net.IPAddress.Loopback, 0);
        try
        {
            taken.Start();
        }
        catch (System.Net.Sockets.SocketException) when (onIPv6Only)
        {
            return; // a machine without an IPv6 loopback, where the host binds IPv4's alone: nothing to hold
        }

        try
        {
            string port = ((System.Net.IPEndPoint)taken.LocalEndpoint).Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            InvalidOperationException stopped = await Assert.ThrowsAsync<InvalidOperationException>(
                () => DevHostProcess.StartAsync(DevHostProcess.NewTaskHub(), new Dictionary<string, string> { [setting] = port, ["DevHost__SeedSampleData"] = seed }));

            string line = Assert.Single(stopped.Message.Split('\n'), l => l.StartsWith("The local host stopped: ", StringComparison.Ordinal));
            Assert.Contains($"{setting}: port {port} is taken", line, StringComparison.Ordinal);
            Assert.DoesNotContain("Sample data loaded", stopped.Message, StringComparison.Ordinal);
        }
        finally
        {
            taken.Stop();
        }
    }
}
