using DurableTask.AzureStorage;
using DurableTask.Core;
using Grpc.Net.Client;
using JourneyFunctions.DevHost.Functions;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Storage;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Converters;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>
/// The Durable Task backend of the local host: the Azure Storage provider that Durable Functions uses in Azure,
/// on Azurite, served through the Durable Task gRPC sidecar protocol to an in-process worker and client.
/// </summary>
internal static class DurableBackend
{
    public static IServiceCollection AddDurableBackend(this IServiceCollection services, AppSettings settings, DevHostOptions options, string repositoryRoot)
    {
        // The same concurrency limits the Functions host takes from host.json.
        int activities = HostJson.MaxConcurrentActivities(repositoryRoot);
        int orchestrations = HostJson.MaxConcurrentOrchestrations(repositoryRoot);
        services.AddSingleton(sp => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            LoggerFactory = sp.GetRequiredService<ILoggerFactory>(),
            StorageAccountClientProvider = ClientProvider(settings.Storage),
            TaskHubName = settings.TaskHubName,
            PartitionCount = 1,
            UseTablePartitionManagement = true,
            MaxConcurrentTaskActivityWorkItems = activities,
            MaxConcurrentTaskOrchestrationWorkItems = orchestrations,
            MaxQueuePollingInterval = HostJson.DurableMaxQueuePollingInterval(repositoryRoot),
            ControlQueueVisibilityTimeout = options.DurableMessageVisibility,
            WorkItemQueueVisibilityTimeout = options.DurableMessageVisibility,
        }));
        services.AddGrpc();
        services.AddSingleton<IOrchestrationService>(sp => new SidecarOrchestrationService(
            sp.GetRequiredService<AzureStorageOrchestrationService>(),
            options.DurableMessageVisibility,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<SidecarOrchestrationService>()));
        services.AddSingleton<IOrchestrationServiceClient>(sp => sp.GetRequiredService<AzureStorageOrchestrationService>());
        services.AddSingleton<TaskHubGrpcServer>();

        GrpcChannel channel = GrpcChannel.ForAddress($"http://127.0.0.1:{options.GrpcPort}");
        var converter = new JsonDataConverter(JsonDefaults.Options);
        services.AddDurableTaskWorker(builder =>
        {
            builder.UseGrpc(channel);
            builder.AddTasks(registry => DurableFunctions.AddTo(registry, FunctionReader.App));
            builder.Configure(o =>
            {
                o.DataConverter = converter;
                o.Concurrency.MaximumConcurrentActivityWorkItems = activities;
                o.Concurrency.MaximumConcurrentOrchestrationWorkItems = orchestrations;
            });
        });
        services.AddDurableTaskClient(builder =>
        {
            builder.UseGrpc(channel);
            builder.Configure(o => o.DataConverter = converter);
            builder.RegisterDirectly();
        });
        return services;
    }

    /// <summary>The task hub's storage: the app's own account, by connection string or identity, like the Functions host.</summary>
    private static StorageAccountClientProvider ClientProvider(StorageConnection storage) =>
        storage.Create(
            connectionString => new StorageAccountClientProvider(connectionString),
            (endpoints, credential) => new StorageAccountClientProvider(endpoints.Blob, endpoints.Queue, endpoints.Table, credential));
}
