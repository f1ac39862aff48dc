namespace JourneyFunctions.Domain.AccountLists;

/// <summary>Account lists as actions and reference checks use them (implemented in the storage project).</summary>
public interface IAccountListStore
{
    Task<AccountList?> GetAsync(string listId, CancellationToken cancellationToken = default);

    /// <summary>Adds accounts to, or removes them from, a list; <paramref name="by"/> is kept with each change (see <c>MembershipColumns.By</c>).</summary>
    Task<int> SetMembersAsync(string listId, IEnumerable<string> accountIds, bool isMember, IReadOnlyDictionary<string, object?>? by = null, CancellationToken cancellationToken = default);
}
