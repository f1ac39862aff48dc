using Azure.Data.Tables;
using Azure.Storage.Queues;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage;

/// <summary>
/// The app's storage account (the same one the Functions host uses, <c>AzureWebJobsStorage</c>):
/// table and queue clients, created once and shared.
/// </summary>
public sealed class StorageAccount
{
    private readonly Lock _createLock = new();
    private Task? _created;

    public StorageAccount(string connectionString)
        : this(StorageConnection.FromConnectionString(connectionString))
    {
    }

    public StorageAccount(StorageConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        Tables = connection.CreateTableServiceClient();
        // Base64 is what the Functions queue trigger expects by default.
        Queues = connection.CreateQueueServiceClient(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });
        RawQueues = connection.CreateQueueServiceClient(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
    }

    public TableServiceClient Tables { get; }

    public QueueServiceClient Queues { get; }

    /// <summary>Queues without decoding: a reader that decodes each message itself, so one that is not base64 cannot fail a whole receive.</summary>
    public QueueServiceClient RawQueues { get; }

    public TableClient Table(string name) => Tables.GetTableClient(name);

    public QueueClient Queue(string name) => Queues.GetQueueClient(name);

    /// <summary>
    /// Creates every table and queue the app uses (<see cref="TableNames.All"/>, <see cref="QueueNames.All"/>, the
    /// same lists infra/main.bicep provisions). Idempotent, and done once per process: later callers await the first
    /// call's work, and a failed attempt is tried again by the next caller.
    /// </summary>
    public Task EnsureCreatedAsync(CancellationToken cancellationToken = default)
    {
        lock (_createLock)
        {
            if (_created is null || _created.IsFaulted || _created.IsCanceled)
            {
                _created = CreateAllAsync(cancellationToken);
            }

            return _created;
        }
    }

    private async Task CreateAllAsync(CancellationToken cancellationToken)
    {
        // Side by side: the sharded tables make dozens, one round trip each.
        await Task.WhenAll(TableNames.All.Select(table => Tables.CreateTableIfNotExistsAsync(table, cancellationToken)));

        foreach (string queue in QueueNames.All)
        {
            await Queue(queue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }
    }
}
