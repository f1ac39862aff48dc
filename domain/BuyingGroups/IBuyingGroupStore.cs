namespace JourneyFunctions.Domain.BuyingGroups;

/// <summary>Buying groups (one per account and solution interest) as actions change them (implemented in the storage project).</summary>
public interface IBuyingGroupStore
{
    /// <summary>Sets a property (stage, status ...) of the buying group of each account for the solution interest.</summary>
    Task SetGroupPropertyAsync(IEnumerable<string> accountIds, string solutionInterest, string propertyName, string value, CancellationToken cancellationToken = default);

    /// <summary>Assigns people to (with a role), or removes them from, an account's buying group.</summary>
    Task<int> SetMembersAsync(string accountId, string solutionInterest, IEnumerable<string> personIds, string? role, bool isMember, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default);
}
