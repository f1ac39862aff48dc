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
        JourneyEventMessage parsed = QueueMessage.Parse<JourneyEventMessage>(
            message,
            m => m.Events is { Count: > 0 and <= JourneyEventPublisher.MaxEventsPerMessage } events && events.All(IsValid),
            "journey event message (it needs 1-100 events, each with a known scope and type and a valid accountId)");
        await router.RouteAsync(client, parsed.Events, onlyRun: null, cancellationToken);
    }

    /// <summary>A known scope and type for it, and an account id fit for a key.</summary>
    public static bool IsValid(RaisedEvent? raised) =>
        raised is { Scope: { } scope, Type: { } type }
        && EventTrigger.Types.TryGetValue(scope, out IReadOnlySet<string>? types) && types.Contains(type)
        && TableKey.IsValid(raised.AccountId)
        && (raised.PersonId is null || TableKey.IsValid(raised.PersonId));
}
