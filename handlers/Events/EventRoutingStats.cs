using JourneyFunctions.Domain.Telemetry;

namespace JourneyFunctions.Handlers.Events;

/// <summary>
/// What the event router did since this host instance started: events received, routed (to at least one listener),
/// raises made, and dropped (nobody listening). Shown by <c>GET /api/events/status</c> and counted on the meter
/// (<c>journey.events</c>, tag <c>outcome</c>), which sums every instance.
/// </summary>
public sealed class EventRoutingStats(TimeProvider clock)
{
    private long _received;
    private long _routed;
    private long _delivered;
    private long _dropped;

    public DateTimeOffset Since { get; } = clock.GetUtcNow();

    public long Received => Interlocked.Read(ref _received);

    public long Routed => Interlocked.Read(ref _routed);

    public long Delivered => Interlocked.Read(ref _delivered);

    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Counts one event that reached <paramref name="listeners"/> listeners (0: dropped).</summary>
    public void Count(int listeners)
    {
        Interlocked.Increment(ref _received);
        Interlocked.Add(ref _delivered, listeners);
        Interlocked.Increment(ref listeners > 0 ? ref _routed : ref _dropped);
        JourneyMetrics.EventRouted(listeners);
    }
}
