using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace JourneyFunctions.Testing;

/// <summary>
/// The local host as a real OS process on Azurite (which the test command starts), so tests can call its HTTP
/// API exactly as a user would and SIGKILL it mid-run. Each instance gets its own ports; the task hub is chosen
/// by the test so a restarted host continues the same durable state.
/// </summary>
public sealed class DevHostProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private DevHostProcess(Process process, int port, int grpcPort)
    {
        _process = process;
        GrpcPort = grpcPort;
        BaseUrl = new Uri($"http://localhost:{port}/api/");
        Http = new HttpClient { BaseAddress = BaseUrl, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUrl { get; }

    /// <summary>The port of the Durable sidecar the host serves its worker on.</summary>
    public int GrpcPort { get; }

    public HttpClient Http { get; }

    /// <summary>Everything the host printed so far, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public static string NewTaskHub() => "e2e" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>
    /// Starts the local host on free ports. A port is free when chosen and bound by the host a moment later, so a
    /// process of a parallel test assembly can take it in between: the host then exits at once and is started again.
    /// </summary>
    public static async Task<DevHostProcess> StartAsync(string taskHub, IDictionary<string, string>? settings = null)
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync(taskHub, settings);
            }
            catch (InvalidOperationException e) when (attempt < 3 && e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static async Task<DevHostProcess> StartOnFreePortsAsync(string taskHub, IDictionary<string, string>? settings)
    {
        int[] ports = FreePorts(2);
        int port = ports[0];
        var start = new ProcessStartInfo("dotnet", [DevHostDll()])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Repository.Root,
        };
        start.Environment["AzureWebJobsStorage"] = TestStorage.ConnectionString;
        start.Environment["TaskHubName"] = taskHub;
        start.Environment["DevHost__HttpPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["DevHost__GrpcPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Tests start the initial sync themselves; the timer would fire at a random moment.
        start.Environment["InitialSyncSchedule"] = "0 0 0 1 1 *";
        // Emails go to the smtp4dev the test command started.
        start.Environment["SmtpPort"] = Smtp4dev.SmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        // Failed queue messages retry after 1 s instead of host.json's visibilityTimeout, so poison tests stay short.
        start.Environment["DevHost__QueueRetryDelay"] = "00:00:01";
        foreach ((string key, string value) in settings ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        var process = new Process { StartInfo = start };
        var host = new DevHostProcess(process, port, int.Parse(start.Environment["DevHost__GrpcPort"]!, System.Globalization.CultureInfo.InvariantCulture));
        process.OutputDataReceived += (_, e) => host.Append(e.Data);
        process.ErrorDataReceived += (_, e) => host.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await host.WaitUntilReadyAsync();
        return host;
    }

    /// <summary>The host process's peak resident memory so far (null off Linux).</summary>
    public long? PeakMemoryBytes => PeakMemory.OfProcess(_process.Id);

    /// <summary>The processor time the local host has used so far.</summary>
    public TimeSpan? ProcessorTime => CpuTime.OfProcess(_process.Id);

    /// <summary>SIGKILL: no shutdown code runs, as in a crash or a killed container.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            Kill();
        }

        _process.Dispose();
        Http.Dispose();
        await Task.CompletedTask;
    }

    private async Task WaitUntilReadyAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                _process.WaitForExit(); // until its output is read to the end: the last line may say why it stopped
                throw new InvalidOperationException($"The local host exited with {_process.ExitCode}:\n{Output}");
            }

            try
            {
                using HttpResponseMessage response = await Http.GetAsync(new Uri("sync/status", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The local host did not answer within 90 s:\n{Output}");
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>
    /// Loopback ports nothing listens on now, all different: each is held open until all are chosen, since the system
    /// may hand out a port just released again.
    /// </summary>
    public static int[] FreePorts(int count)
    {
        var listeners = new List<TcpListener>(count);
        try
        {
            for (int i = 0; i < count; i++)
            {
                var listener = new TcpListener(IPAddress.Loopback, 0);
                listeners.Add(listener);
                listener.Start();
            }

            return [.. listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(listener => listener.Dispose());
        }
    }

    /// <summary>The local host built in the same configuration as the caller.</summary>
    private static string DevHostDll()
    {
        string dll = Repository.BuildOutput("devhost", "JourneyFunctions.DevHost.dll");
        return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the solution first: the local host is missing.", dll);
    }
}
