using System.Net;
using System.Net.Sockets;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Operations.Tests;

/// <summary>A storage account that takes connections and never answers (a stopped or hung storage emulator) fails the request after the client's tries instead of holding it.</summary>
public sealed class StorageTimeoutTests
{
    [Fact]
    public async Task A_request_to_storage_that_never_answers_fails_after_its_tries_instead_of_waiting_for_good()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var held = new System.Collections.Concurrent.ConcurrentBag<TcpClient>();
        Task accepting = Task.Run(async () =>
        {
            while (true)
            {
                held.Add(await silent.AcceptTcpClientAsync()); // accepted, read from by nobody, never answered
            }
        });
        int port = ((IPEndPoint)silent.LocalEndpoint).Port;
        string endpoint = $"http://127.0.0.1:{port}/devstoreaccount1";
        var storage = new StorageAccount(StorageConnection.FromConnectionString(
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};TableEndpoint={endpoint};QueueEndpoint={endpoint};")
            .WithNetworkTimeout(TimeSpan.FromMilliseconds(500)));

        // Four tries of half a second and the retry policy's backoff (0.8, 1.6, 3.2 s): a hang would outlast the cap.
        Exception table = await Assert.ThrowsAnyAsync<Exception>(() => storage.Table(TableNames.Journeys).GetEntityIfExistsAsync<Azure.Data.Tables.TableEntity>("p", "r").WaitAsync(TimeSpan.FromSeconds(60)));
        Exception queue = await Assert.ThrowsAnyAsync<Exception>(() => storage.Queue(QueueNames.JourneyEvents).SendMessageAsync("x").WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.IsNotType<TimeoutException>(table);
        Assert.IsNotType<TimeoutException>(queue);
        silent.Stop();
        foreach (TcpClient client in held)
        {
            client.Dispose();
        }

        _ = accepting;
    }
}
