using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Handlers.Queues;
using JourneyFunctions.Handlers.Runs;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Journeys;
using Microsoft.DurableTask.Client;

namespace JourneyFunctions.Handlers.Events;

/// <summary>
/// Queue <c>journey-events</c>: routes each event of the message to the runs listening for it. A storage or Durable
/// error throws, so the host retries the whole message (raising an event twice is harmless); a malformed message
/// ends in the poison queue.
/// </summary>
public sealed class JourneyEventQueueHandler(EventRouter router, TimeProvider clock)
{
    public const string QueueName = QueueNames.JourneyEvents;

    public async Task HandleAsync(string message, DurableTaskClient client, CancellationToken cancellationToken)
    {
        JourneyEventMessage parsed = QueueMessage.Parse<JourneyEventMessage>(message, Problem, "journey event message");
        await router.RouteAsync(client, parsed.Events, onlyRun: null, cancellationToken);
    }

    /// <summary>How far past this host's clock an event's <c>raisedAt</c> may be (another writer's clock may run ahead).</summary>
    public static readonly TimeSpan MaxRaisedAhead = TimeSpan.FromDays(1);

    /// <summary>What is wrong with a message, naming the first bad event by its index; null for a good one.</summary>
    public string? Problem(JourneyEventMessage message) =>
        message?.Events is not { Count: > 0 and <= JourneyEventPublisher.MaxEventsPerMessage } events
            ? $"it needs 1-{JourneyEventPublisher.MaxEventsPerMessage} events (got {message?.Events?.Count ?? 0})"
            : events.Select((raised, i) => Problem(raised) is { } problem ? $"events[{i}]: {problem}" : null).FirstOrDefault(p => p is not null);

    /// <summary>
    /// What is wrong with one event, as <c>POST runs/{runId}/events</c> would refuse it: an unknown scope or type, an
    /// account or person id unfit for a key, a people event without its person, more attributes than it takes, an
    /// attribute name empty or past its bound; or a
    /// <c>raisedAt</c> ahead of this host's clock, which every later listen would hear; null for a good one.
    /// </summary>
    private string? Problem(RaisedEvent? raised) =>
        raised is null ? "is null"
        : raised.Scope is null || !EventTrigger.Types.TryGetValue(raised.Scope, out IReadOnlySet<string>? types) ? $"scope is not {string.Join(" or ", EventTrigger.Types.Keys)}"
        : raised.Type is null || !types.Contains(raised.Type) ? $"type is not a known {raised.Scope} event"
        : !TableKey.IsValid(raised.AccountId) ? "accountId is not a valid id"
        : raised.PersonId is null && raised.Scope == EventTrigger.PeopleScope ? "personId is required for a people event"
        : raised.PersonId is not null && !TableKey.IsValid(raised.PersonId) ? "personId is not a valid id"
        : raised.Attributes?.Count > RunEventsHandler.MaxAttributes ? $"attributes holds more than {RunEventsHandler.MaxAttributes} attributes"
        : raised.Attributes?.Keys.FirstOrDefault(name => name.Length is 0 or > RunEventsHandler.MaxAttributeName) is { } name
            ? $"attribute names are 1-{RunEventsHandler.MaxAttributeName} characters (got {name.Length})"
        : raised.RaisedAt > clock.GetUtcNow() + MaxRaisedAhead ? "raisedAt is more than a day past this host's clock"
        : null;
}
