using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;
using Microsoft.Extensions.Hosting;

namespace JourneyFunctions.Hosting;

/// <summary>
/// Creates the app's tables and queues when the host starts, in whichever host runs the app: the Functions worker
/// (so <c>func start</c> on an empty Azurite, or a storage account without infra/, works) and the local host. It runs
/// in <see cref="IHostedLifecycleService.StartingAsync"/>, before any hosted service starts, so the worker takes no
/// invocation before the tables exist; a storage account it cannot reach fails the start (the host restarts the worker).
/// </summary>
public sealed class StorageCreation(StorageAccount storage) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => storage.EnsureCreatedAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
