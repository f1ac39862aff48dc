using JourneyFunctions.Handlers.Http;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.Handlers.Events;

/// <summary>GET /api/events/status: what the event router of the answering host instance did since it started.</summary>
public sealed class EventStatusHandler(EventRoutingStats stats)
{
    public const string Route = "events/status";

    public IResult Handle() => ApiResults.Json(new
    {
        since = stats.Since,
        received = stats.Received,
        routed = stats.Routed,
        delivered = stats.Delivered,
        dropped = stats.Dropped,
    });
}
