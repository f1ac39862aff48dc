namespace JourneyFunctions.Domain.Journeys;

/// <summary>Hands raised events to the event router, which tells the runs listening for them (implemented in the storage project).</summary>
public interface IJourneyEventPublisher
{
    Task PublishAsync(IEnumerable<RaisedEvent> events, CancellationToken cancellationToken = default);
}
