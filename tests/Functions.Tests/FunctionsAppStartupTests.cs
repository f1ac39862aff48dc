using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using JourneyFunctions.Testing;

namespace JourneyFunctions.Functions.Tests;

/// <summary>
/// The Functions app stands on its own: its own Program, started against a storage account with nothing in it,
/// creates every table and queue it uses (the lists infra/ provisions too) before it takes any invocation.
/// </summary>
public sealed class FunctionsAppStartupTests
{
    [Fact]
    public async Task Program_creates_every_table_and_queue_on_an_empty_storage_account()
    {
        await using FreshAzurite azurite = await FreshAzurite.StartAsync();
        var tables = new TableServiceClient(azurite.ConnectionString);
        var queues = new QueueServiceClient(azurite.ConnectionString);
        Assert.Empty(await Names(tables, queues));

        string output = await RunProgramAsync(azurite.ConnectionString);

        Assert.True(
            TableNames.All.Concat(QueueNames.All).Order(StringComparer.Ordinal).SequenceEqual(await Names(tables, queues)),
            $"Tables and queues after start: {string.Join(", ", await Names(tables, queues))}\nThe app printed:\n{output}");
    }

    /// <summary>
    /// Runs the built Functions app (functions/Program.cs) with a Functions host address where nothing listens: the
    /// worker runs its start-up, then fails to reach the host and exits, as it would with no host to talk to.
    /// </summary>
    private static async Task<string> RunProgramAsync(string storage)
    {
        string dll = Repository.BuildOutput("functions", "JourneyFunctions.Functions.dll");
        var start = new ProcessStartInfo("dotnet", [dll])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["AzureWebJobsStorage"] = storage;
        start.Environment["Functions__Worker__HostEndpoint"] = $"http://127.0.0.1:{DevHostProcess.FreePorts(1)[0]}";
        start.Environment["Functions__Worker__WorkerId"] = "startup-test";
        start.Environment["Functions__Worker__RequestId"] = "startup-test";
        start.Environment["Functions__Worker__GrpcMaxMessageLength"] = "2147483647";
        using Process process = Process.Start(start)!;
        Task<string> stdout = process.StandardOutput.ReadToEndAsync();
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        return await stdout + await stderr;
    }

    private static async Task<List<string>> Names(TableServiceClient tables, QueueServiceClient queues)
    {
        var names = new List<string>();
        await foreach (Azure.Data.Tables.Models.TableItem table in tables.QueryAsync())
        {
            names.Add(table.Name);
        }

        await foreach (Azure.Storage.Queues.Models.QueueItem queue in queues.GetQueuesAsync())
        {
            names.Add(queue.Name);
        }

        return [.. names.Order(StringComparer.Ordinal)];
    }
}
