namespace JourneyFunctions.Domain.Journeys;

/// <summary>A journey's lifecycle: draft -> live -> closed (no new entries) -> finished, or aborted.</summary>
public enum JourneyStatus
{
    Draft,
    Live,
    Closed,
    Finished,
    Aborted,
}
