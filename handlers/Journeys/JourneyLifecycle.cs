using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Handlers.Journeys;

/// <summary>Which statuses each lifecycle step may start from, and where it counts as made already.</summary>
public static class JourneyLifecycle
{
    public static IReadOnlySet<JourneyStatus> CanClose { get; } = new HashSet<JourneyStatus> { JourneyStatus.Live };

    /// <summary>Where a close counts as made already: a finished journey is a closed one whose runs ended.</summary>
    public static IReadOnlySet<JourneyStatus> ClosedAlready { get; } = new HashSet<JourneyStatus> { JourneyStatus.Finished };

    public static IReadOnlySet<JourneyStatus> CanAbort { get; } = new HashSet<JourneyStatus> { JourneyStatus.Live, JourneyStatus.Closed };
}
