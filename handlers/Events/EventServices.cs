using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Events;

/// <summary>The event router and what feeds it: the <c>journey-events</c> queue's handler and the router's status (the routing index and the publisher are stores).</summary>
public static class EventServices
{
    public static IServiceCollection AddJourneyEvents(this IServiceCollection services) =>
        services
            .AddSingleton<EventRoutingStats>()
            .AddSingleton<EventRouter>()
            .AddSingleton<JourneyEventQueueHandler>()
            .AddSingleton<EventStatusHandler>();
}
