using JourneyFunctions.Domain.Journeys;
using Microsoft.Extensions.DependencyInjection;

namespace JourneyFunctions.Handlers.Events;

/// <summary>The event router and what feeds it: the routing index, the <c>journey-events</c> queue, its handler and status.</summary>
public static class EventServices
{
    public static IServiceCollection AddJourneyEvents(this IServiceCollection services) =>
        services
            .AddSingleton<ListenerIndex>()
            .AddSingleton<JourneyEventPublisher>()
            .AddSingleton<EventRoutingStats>()
            .AddSingleton<EventRouter>()
            .AddSingleton<JourneyEventQueueHandler>()
            .AddSingleton<EventStatusHandler>();
}
