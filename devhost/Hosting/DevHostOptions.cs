namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Local host settings (section <c>DevHost</c>; e.g. <c>DevHost__HttpPort=7071</c> or <c>--DevHost:HttpPort 7071</c>).</summary>
internal sealed class DevHostOptions
{
    /// <summary>The HTTP API port, 7071 as with <c>func start</c>.</summary>
    public int HttpPort { get; set; } = 7071;

    /// <summary>The loopback port of the Durable Task gRPC sidecar the worker and client talk to.</summary>
    public int GrpcPort { get; set; } = 7081;

    /// <summary>Load sample accounts, people and a sample journey at start.</summary>
    public bool SeedSampleData { get; set; }

    /// <summary>How many sample marketing people to load, in accounts of 10 (rounded up to whole accounts).</summary>
    public int SamplePeople { get; set; } = 200;

    /// <summary>Polling interval of queue triggers when a queue is empty.</summary>
    public TimeSpan QueuePollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>
    /// How long a Durable message taken by a worker stays hidden from others (Durable's default, 5 minutes): after a
    /// crash, the dead host's in-flight orchestration and activity messages come back after this long. Shorter values
    /// resume sooner; keep it above the longest activity.
    /// </summary>
    public TimeSpan DurableMessageVisibility { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Failed deliveries before a message moves to the poison queue (host.json queues.maxDequeueCount).</summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Messages a queue poll takes at once (host.json queues.batchSize).</summary>
    public int QueueBatchSize { get; set; } = 16;

    /// <summary>How long a failed message stays invisible before its next try (host.json queues.visibilityTimeout, as the Functions queue trigger does).</summary>
    public TimeSpan QueueRetryDelay { get; set; }
}
