using System.Diagnostics;
using System.Net.Sockets;

namespace JourneyFunctions.Testing;

/// <summary>
/// An Azurite of its own (in memory, on free loopback ports) for a test that needs storage with nothing in it, such
/// as the start-up path that must create every table and queue. Uses the Azurite scripts/azurite.sh installed.
/// </summary>
public sealed class FreshAzurite : IAsyncDisposable
{
    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    private readonly Process _process;

    private FreshAzurite(Process process, int blobPort, int queuePort, int tablePort)
    {
        _process = process;
        ConnectionString = "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey=" + AccountKey
            + $";BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public string ConnectionString { get; }

    /// <summary>Starts one; a free port taken by another process before Azurite bound it means a new set of ports.</summary>
    public static async Task<FreshAzurite> StartAsync()
    {
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnFreePortsAsync();
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await Task.Delay(200 * attempt);
            }
        }
    }

    private static async Task<FreshAzurite> StartOnFreePortsAsync()
    {
        string azurite = Repository.File("tools/azurite/node_modules/.bin/azurite");
        if (!File.Exists(azurite))
        {
            throw new FileNotFoundException("Azurite is not installed: run scripts/azurite.sh start once (scripts/test.sh does).", azurite);
        }

        int[] ports = DevHostProcess.FreePorts(3);
        (int blob, int queue, int table) = (ports[0], ports[1], ports[2]);
        var start = new ProcessStartInfo(azurite,
        [
            "--silent", "--disableTelemetry", "--inMemoryPersistence", "--skipApiVersionCheck", "--loose",
            "--blobHost", "127.0.0.1", "--queueHost", "127.0.0.1", "--tableHost", "127.0.0.1",
            "--blobPort", $"{blob}", "--queuePort", $"{queue}", "--tablePort", $"{table}",
        ])
        {
            UseShellExecute = false,
        };
        var fresh = new FreshAzurite(Process.Start(start)!, blob, queue, table);
        // Generous: on a loaded machine (the whole suite runs test projects side by side) Node can take a while.
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline && !fresh._process.HasExited)
        {
            if (Listening(blob) && Listening(queue) && Listening(table))
            {
                return fresh;
            }

            await Task.Delay(100);
        }

        bool exited = fresh._process.HasExited;
        await fresh.DisposeAsync();
        throw exited
            ? new PortTakenException($"The fresh Azurite exited at start (ports {blob}, {queue}, {table}; most likely one was taken); its output is in the test log.")
            : new TimeoutException("The fresh Azurite did not start within 120 s.");
    }

    /// <summary>Azurite exited at start: on free ports picked a moment before, that is another process binding one first.</summary>
    private sealed class PortTakenException(string message) : InvalidOperationException(message);

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static bool Listening(int port)
    {
        try
        {
            using var client = new TcpClient();
            client.Connect("127.0.0.1", port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
