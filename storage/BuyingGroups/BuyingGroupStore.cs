using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.BuyingGroups;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.BuyingGroups;

/// <summary>
/// Buying groups (table <c>BuyingGroups</c>), one partition per account: the group for a solution interest
/// (RK = solution interest key: stage, status) and its members (RK = <c>solution~person</c>: role, member flag).
/// </summary>
public sealed class BuyingGroupStore : IBuyingGroupStore
{
    private readonly TableClient _groups;

    public BuyingGroupStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _groups = storage.Table(TableNames.BuyingGroups);
    }

    /// <summary>Sets one property (Stage or Status) of each account's group for the solution interest, creating groups that do not exist yet.</summary>
    public Task SetGroupPropertyAsync(IEnumerable<string> accountIds, string solutionInterest, string propertyName, string value, CancellationToken cancellationToken = default)
    {
        string solution = Key(solutionInterest);
        return Parallel.ForEachAsync(accountIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (accountId, ct) =>
            await _groups.UpsertEntityAsync(new TableEntity(accountId, solution) { ["SolutionInterest"] = solutionInterest, [propertyName] = value }, TableUpdateMode.Merge, ct));
    }

    /// <summary>The group of an account for a solution interest (stage, status ...), or null.</summary>
    public async Task<TableEntity?> GetGroupAsync(string accountId, string solutionInterest, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _groups.GetEntityIfExistsAsync<TableEntity>(accountId, Key(solutionInterest), cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Adds people of one account to (with a role) or removes them from its group for the solution interest, in one batch per 100.</summary>
    public Task<int> SetMembersAsync(string accountId, string solutionInterest, IEnumerable<string> personIds, string? role, bool isMember, IReadOnlyDictionary<string, object?> by, CancellationToken cancellationToken = default)
    {
        string solution = Key(solutionInterest);
        var details = new Dictionary<string, object?>(by) { ["SolutionInterest"] = solutionInterest };
        if (role is not null)
        {
            details["Role"] = role;
        }

        return Memberships.SetAsync(_groups, accountId, personIds.Select(p => $"{solution}~{p}"), isMember, details, cancellationToken);
    }

    /// <summary>Current members of an account's group: person id -> role.</summary>
    public async Task<Dictionary<string, string?>> GetMembersAsync(string accountId, string solutionInterest, CancellationToken cancellationToken = default)
    {
        string prefix = Key(solutionInterest) + "~";
        return (await Memberships.GetAsync(_groups, accountId, cancellationToken))
            .Where(m => m.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(m => m.RowKey[prefix.Length..], m => (string?)m.GetString("Role"), StringComparer.Ordinal);
    }

    private static string Key(string solutionInterest) =>
        TableKey.ForName(solutionInterest) ?? throw new ArgumentException("A solution interest is required.", nameof(solutionInterest));
}
