namespace JourneyFunctions.Domain.Audiences;

/// <summary>External (ad platform) audiences as actions and reference checks use them (implemented in the storage project).</summary>
public interface IExternalAudienceStore
{
    /// <summary>The id of the audience with this name: derived from the name, so creating it twice finds the same audience.</summary>
    string IdOf(string name);

    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Creates the audience (or finds the one created before) and returns its id.</summary>
    Task<string> CreateAsync(string name, string? description, CancellationToken cancellationToken = default);

    /// <summary>Adds profiles (person id -> email) to the audience, keeping <paramref name="by"/> with each.</summary>
    Task<int> AddMembersAsync(string audienceId, IReadOnlyDictionary<string, string?> profiles, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);
}
