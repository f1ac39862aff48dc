namespace JourneyFunctions.Domain.Journeys;

/// <summary>Journeys as actions and reference checks look them up (implemented in the storage project).</summary>
public interface IJourneyStore
{
    Task<JourneyInfo?> GetAsync(string journeyId, CancellationToken cancellationToken = default);

    /// <summary>A published version's definition, or null when there is no such version.</summary>
    Task<JourneyDefinition?> GetVersionAsync(string journeyId, int version, CancellationToken cancellationToken = default);

    /// <summary>Whether the journey is aborted (its runs stop at their next step), reading its status alone.</summary>
    Task<bool> IsAbortedAsync(string journeyId, CancellationToken cancellationToken = default);
}
