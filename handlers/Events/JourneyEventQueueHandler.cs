using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Events;

/// <summary>
/// Queue <c>journey-events</c>: routes each event of the message to the runs listening for it. A storage or Durable
/// error throws, so the host retries the whole message (raising an event twice is harmless); a malformed message
/// ends in the poison queue.
/// </summary>
public sealed class JourneyEventQueueHandler(EventRouter router)
{
    public const string QueueName = QueueNames.JourneyEvents;

    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        JourneyEventMessage parsed = QueueMessage.Parse<JourneyEventMessage>(message, Problem, "journey event message");
        await router.RouteAsync(client, parsed.Events, onlyRun: null, cancellationToken);
    }

    /// <summary>What is wrong with a message, naming the first bad event by its index; null for a good one.</summary>
    public static string? Problem(JourneyEventMessage message) =>
        message?.Events is not { Count: > 0 and <= JourneyEventPublisher.MaxEventsPerMessage } events
            ? $"it needs 1-{JourneyEventPublisher.MaxEventsPerMessage} events (got {message?.Events?.Count ?? 0})"
            : events.Select((raised, i) => Problem(raised) is { } problem ? $"events[{i}]: {problem}" : null).FirstOrDefault(p => p is not null);

    /// <summary>
    /// What is wrong with one event, as <c>POST runs/{runId}/events</c> would refuse it: an unknown scope or type, an
    /// account or person id unfit for a key, a people event without its person; null for a good one.
    /// </summary>
    private static string? Problem(RaisedEvent? raised) =>
        raised is null ? "is null"
        : raised.Scope is null || !EventTrigger.Types.TryGetValue(raised.Scope, out IReadOnlySet<string>? types) ? $"scope is not {string.Join(" or ", EventTrigger.Types.Keys)}"
        : raised.Type is null || !types.Contains(raised.Type) ? $"type is not a known {raised.Scope} event"
        : !TableKey.IsValid(raised.AccountId) ? "accountId is not a valid id"
        : raised.PersonId is null ? raised.Scope == EventTrigger.PeopleScope ? "personId is required for a people event" : null
        : !TableKey.IsValid(raised.PersonId) ? "personId is not a valid id"
        : null;
}
