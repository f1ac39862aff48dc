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

    /// <summary>
    /// How long one try of a storage request waits for its answer before it is tried again (<see cref="Retries"/>
    /// times, after 0.8, 1.6 and 3.2 s). The SDK's defaults, 100 s a try and 5 retries for queues, made a request on a
    /// storage account that had stopped answering wait up to 10 minutes before it failed; now an API request answers
    /// its 500 within about 90 s. Storage answers in milliseconds; even a loaded Azurite in seconds.
    /// </summary>
    public static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Tries after the first, for tables and queues alike (the SDK's default for tables).</summary>
    public const int Retries = 3;

    /// <summary>The wait for one try's answer (<see cref="DefaultNetworkTimeout"/>; tests shorten it).</summary>
    public TimeSpan NetworkTimeout { get; private init; } = DefaultNetworkTimeout;

    /// <summary>The same connection, waiting <paramref name="timeout"/> for each try's answer.</summary>
    public StorageConnection WithNetworkTimeout(TimeSpan timeout) => new(_connectionString, _endpoints, _credential) { NetworkTimeout = timeout };

    public TableServiceClient CreateTableServiceClient()
    {
        var options = new TableClientOptions();
        Bound(options.Retry);
        return Create(connectionString => new TableServiceClient(connectionString, options), (endpoints, credential) => new TableServiceClient(endpoints.Table, credential, options));
    }

    public QueueServiceClient CreateQueueServiceClient(QueueClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Bound(options.Retry);
        return Create(
            connectionString => new QueueServiceClient(connectionString, options),
            (endpoints, credential) => new QueueServiceClient(endpoints.Queue, credential, options));
    }

    private void Bound(RetryOptions retry)
    {
        retry.NetworkTimeout = NetworkTimeout;
        retry.MaxRetries = Retries;
    }
}
