using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>Which statuses each lifecycle step may start from.</summary>
public static class JourneyLifecycle
{
    public static IReadOnlySet<JourneyStatus> CanClose { get; } = new HashSet<JourneyStatus> { JourneyStatus.Live };

    public static IReadOnlySet<JourneyStatus> CanAbort { get; } = new HashSet<JourneyStatus> { JourneyStatus.Live, JourneyStatus.Closed };
}
