namespace JourneyFunctions.Domain.Accounts;

/// <summary>Accounts' attributes as actions read and change them (implemented in the storage project).</summary>
public interface IAccountStore
{
    /// <summary>Each found account's attributes as text, by account id.</summary>
    Task<Dictionary<string, IReadOnlyDictionary<string, string?>>> GetAttributesOfAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default);

    /// <summary>Sets the same attributes on every account given; a retry writes the same values again.</summary>
    Task SetAttributesOfAsync(IEnumerable<string> accountIds, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken = default);
}
