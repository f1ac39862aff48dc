namespace JourneyFunctions.Domain.Destinations;

/// <summary>Configured destinations (ad platforms) and the accounts activated in them (implemented in the storage project).</summary>
public interface IDestinationStore
{
    Task<bool> ExistsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Activates accounts in, or deactivates them from, a destination's audience.</summary>
    Task<int> SetAccountsAsync(string destination, string audience, IReadOnlyCollection<string> accountIds, bool active, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);
}
