using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.AccountLists;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.AccountLists;

/// <summary>
/// Account lists (table <c>AccountLists</c>): list rows in partition <c>~lists</c> (RK = list id), members in the
/// list's own partition (RK = account id), see <see cref="Memberships"/>.
/// </summary>
public sealed class AccountListStore : IAccountListStore
{
    private const string Lists = "~lists";
    private readonly TableClient _lists;

    public AccountListStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _lists = storage.Table(TableNames.AccountLists);
    }

    public async Task<AccountList?> GetAsync(string listId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _lists.GetEntityIfExistsAsync<TableEntity>(Lists, listId, cancellationToken: cancellationToken);
        return found.HasValue
            ? new AccountList(listId, found.Value!.GetString("Name") ?? listId, found.Value.GetBoolean("IsStatic") ?? false, found.Value.GetBoolean("IsLive") ?? false)
            : null;
    }

    public Task SaveAsync(AccountList list, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(list);
        return _lists.UpsertEntityAsync(
            new TableEntity(Lists, TableKey.Require(list.Id, "list id")) { ["Name"] = list.Name, ["IsStatic"] = list.IsStatic, ["IsLive"] = list.IsLive },
            TableUpdateMode.Replace,
            cancellationToken);
    }

    public Task<int> SetMembersAsync(string listId, IEnumerable<string> accountIds, bool isMember, IReadOnlyDictionary<string, object?>? by = null, CancellationToken cancellationToken = default) =>
        Memberships.SetAsync(_lists, listId, accountIds, isMember, by, cancellationToken);

    /// <summary>The list's accounts in key order.</summary>
    public async Task<List<string>> GetMembersAsync(string listId, CancellationToken cancellationToken = default) =>
        (await Memberships.GetAsync(_lists, listId, cancellationToken)).Select(m => m.RowKey).ToList();
}
