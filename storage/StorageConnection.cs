using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage;

/// <summary>
/// How to reach the app's storage account: a connection string (Azurite: <c>UseDevelopmentStorage=true</c>), or,
/// in Azure, the service endpoints and a Microsoft Entra credential (an identity-based connection: no key anywhere).
/// </summary>
public sealed class StorageConnection
{
    private readonly string? _connectionString;
    private readonly StorageEndpoints? _endpoints;
    private readonly TokenCredential? _credential;

    private StorageConnection(string? connectionString, StorageEndpoints? endpoints, TokenCredential? credential)
    {
        _connectionString = connectionString;
        _endpoints = endpoints;
        _credential = credential;
    }

    public static StorageConnection FromConnectionString(string connectionString)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        return new(connectionString, null, null);
    }

    public static StorageConnection FromIdentity(StorageEndpoints endpoints, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(credential);
        return new(null, endpoints, credential);
    }

    /// <summary>Builds a client the one way this connection allows.</summary>
    public T Create<T>(Func<string, T> fromConnectionString, Func<StorageEndpoints, TokenCredential, T> fromIdentity)
    {
        ArgumentNullException.ThrowIfNull(fromConnectionString);
        ArgumentNullException.ThrowIfNull(fromIdentity);
        return _connectionString is not null ? fromConnectionString(_connectionString) : fromIdentity(_endpoints!, _credential!);
    }

    public TableServiceClient CreateTableServiceClient() =>
        Create(connectionString => new TableServiceClient(connectionString), (endpoints, credential) => new TableServiceClient(endpoints.Table, credential));

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options) =>
        Create(
            connectionString => new QueueServiceClient(connectionString, options),
            (endpoints, credential) => new QueueServiceClient(endpoints.Queue, credential, options));
}
