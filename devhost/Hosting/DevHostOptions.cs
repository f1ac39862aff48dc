using System.Text.RegularExpressions;
using JourneyFunctions.Hosting;
using Microsoft.Extensions.Configuration;

namespace JourneyFunctions.DevHost.Hosting;

/// <summary>Local host settings (section <c>DevHost</c>; e.g. <c>DevHost__HttpPort=7071</c> or <c>--DevHost:HttpPort 7071</c>).</summary>
internal sealed partial class DevHostOptions
{
    /// <summary>The longest a storage queue message can be kept hidden.</summary>
    private static readonly TimeSpan MaxVisibility = TimeSpan.FromDays(7);

    /// <summary>The HTTP API port, 7071 as with <c>func start</c>.</summary>
    public int HttpPort { get; set; } = 7071;

    /// <summary>The sidecar's port when the setting is not given.</summary>
    private const int DefaultGrpcPort = 7081;

    /// <summary>The loopback port of the Durable Task gRPC sidecar the worker and client talk to.</summary>
    public int GrpcPort { get; set; } = DefaultGrpcPort;

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

    /// <summary>
    /// Takes the values of the <c>DevHost</c> section over these; one that is no value of its type at all (<c>abc</c>,
    /// empty) stops the start naming the setting as it is set (<c>DevHost__HttpPort</c>), not by its section path.
    /// </summary>
    public void Bind(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        try
        {
            configuration.GetSection("DevHost").Bind(this);
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the .NET type ("to type 'System.Int32'"): say what the setting takes instead.
            Match refused = BinderRefusal().Match(e.Message);
            string? kind = refused.Success ? refused.Groups["type"].Value switch
            {
                "System.Int32" => "a whole number",
                "System.Boolean" => "true or false",
                "System.TimeSpan" => "a time span [days.]hh:mm:ss",
                _ => null,
            } : null;
            throw new InvalidOperationException(
                kind is null
                    ? e.Message.Replace("'DevHost:", "'DevHost__", StringComparison.Ordinal)
                    : $"Setting 'DevHost__{refused.Groups["name"].Value}' must be {kind} (got '{refused.Groups["value"].Value}').",
                e);
        }
    }

    [GeneratedRegex(@"value '(?<value>.*)' at 'DevHost:(?<name>[^']+)' to type '(?<type>[^']+)'", RegexOptions.CultureInvariant | RegexOptions.Singleline)]
    private static partial Regex BinderRefusal();

    /// <summary>
    /// Stops the start, naming the setting, for a value the host would take and then not work with: storage refuses a
    /// message visibility under a second for Durable's queues or over 7 days, a port outside 1-65535 binds nothing, and the
    /// Functions host refuses a maxDequeueCount under 1 (this host's 100 at most keeps a failing message's tries bounded).
    /// </summary>
    public void Validate()
    {
        Check(nameof(HttpPort), HttpPort is >= 1 and <= 65535, "a port from 1 to 65535");
        Check(nameof(GrpcPort), GrpcPort is >= 1 and <= 65535, "a port from 1 to 65535");
        // Two ports the same: the one moved off its default is the one set by mistake.
        bool grpcMoved = GrpcPort != DefaultGrpcPort;
        Check(grpcMoved ? nameof(GrpcPort) : nameof(HttpPort), HttpPort != GrpcPort, $"a port other than DevHost__{(grpcMoved ? nameof(HttpPort) : nameof(GrpcPort))}");
        Check(nameof(SamplePeople), SamplePeople is >= 1 and <= SampleDataSeeder.MaxPeople, $"from 1 to {SampleDataSeeder.MaxPeople:N0}");
        Check(nameof(QueuePollInterval), QueuePollInterval > TimeSpan.Zero && QueuePollInterval <= TimeSpan.FromMinutes(1), "a time span over 0 and at most 00:01:00");
        Check(nameof(DurableMessageVisibility), DurableMessageVisibility >= TimeSpan.FromSeconds(1) && DurableMessageVisibility <= MaxVisibility, "a time span from 00:00:01 to 7.00:00:00");
        Check(nameof(QueueRetryDelay), QueueRetryDelay >= TimeSpan.Zero && QueueRetryDelay <= MaxVisibility, "a time span from 00:00:00 to 7.00:00:00");
        // Storage takes at most 32 messages a receive (the Functions queue trigger's batchSize bound): more fails every poll.
        Check(nameof(QueueBatchSize), QueueBatchSize is >= 1 and <= 32, "from 1 to 32 (default host.json's queues.batchSize)");
        Check(nameof(MaxDequeueCount), MaxDequeueCount is >= 1 and <= MaxTries, $"from 1 to {MaxTries} (default host.json's queues.maxDequeueCount)");
    }

    /// <summary>The most tries of a queue message before poison this host takes.</summary>
    private const int MaxTries = 100;

    private static void Check(string name, bool valid, string expected)
    {
        if (!valid)
        {
            throw new InvalidOperationException($"Setting 'DevHost__{name}' must be {expected}.");
        }
    }
}
