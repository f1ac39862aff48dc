namespace JourneyFunctions.Domain.Storage;

/// <summary>Storage queues the app reads or writes; names must match the queue trigger bindings.</summary>
public static class QueueNames
{
    /// <summary>Change messages for marketing people, consumed by the incremental sync.</summary>
    public const string PersonChanges = "person-changes";

    /// <summary>The poison queue the Functions host (and the local host) moves failing messages to.</summary>
    public static string PoisonOf(string queue) => queue + "-poison";
}
