namespace JourneyFunctions.Domain.Storage;

/// <summary>Storage queues the app reads or writes; names must match the queue trigger bindings.</summary>
public static class QueueNames
{
    /// <summary>Change messages for marketing people, consumed by the incremental sync.</summary>
    public const string PersonChanges = "person-changes";

    /// <summary>Commands from journey actions to other journeys (add or remove an account).</summary>
    public const string JourneyCommands = "journey-commands";

    /// <summary>Batches of outbox messages to deliver (<c>OutboxDispatch</c>), put there by the outbox store as it queues them.</summary>
    public const string OutboxDispatch = "outbox-dispatch";

    /// <summary>Domain events (<c>JourneyEvents</c>) from the engine's effects and sales activities, for the event router.</summary>
    public const string JourneyEvents = "journey-events";

    /// <summary>Every queue a trigger reads, so hosts create them (and their poison queues) up front.</summary>
    public static IReadOnlyList<string> Triggered { get; } =
        [PersonChanges, JourneyCommands, OutboxDispatch, Messaging.SalesActivityTopic.MarketingLoggerQueue, Messaging.SalesActivityTopic.SalesforceLoggerQueue, JourneyEvents];

    /// <summary>The poison queue the Functions host (and the local host) moves failing messages to.</summary>
    public static string PoisonOf(string queue) => queue + "-poison";

    /// <summary>Every queue, poison queues included, for creation at start-up (and in infra/main.bicep).</summary>
    public static IReadOnlyList<string> All { get; } = Triggered.SelectMany(queue => new[] { queue, PoisonOf(queue) }).ToList();
}
