using System.Globalization;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Accounts;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Accounts;

/// <summary>
/// Accounts and their attributes: table <c>Accounts</c>, PK = <c>a{bucket}</c> (<see cref="Buckets"/> by a stable hash
/// of the id), RK = account id. Buckets let a journey step set an attribute on a batch of accounts in transactions
/// of dozens instead of one request per account.
/// </summary>
public sealed class AccountStore : IAccountStore
{
    /// <summary>Part of every stored key: never changed. A multiple of <see cref="TableNames.PeopleShards"/> (see <c>AccountOrder</c>).</summary>
    public const int Buckets = 16;

    private readonly TableClient _accounts;

    public AccountStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _accounts = storage.Table(TableNames.Accounts);
    }

    /// <summary>An account's attributes as strings, or null when it does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, string?>?> GetAttributesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _accounts.GetEntityIfExistsAsync<TableEntity>(PartitionOf(accountId), accountId, cancellationToken: cancellationToken);
        return found.HasValue ? EntityAttributes.Of(found.Value!) : null;
    }

    /// <summary>
    /// The attributes of several accounts (absent ones left out), with one key-range query per bucket rather than a read
    /// per account: a run's batch holds its accounts in <see cref="AccountOrder"/>, so it reaches a few buckets and each
    /// range holds only its own accounts.
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyDictionary<string, string?>>> GetAttributesOfAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var found = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
        var wanted = accountIds.ToHashSet(StringComparer.Ordinal);
        await Parallel.ForEachAsync(wanted.GroupBy(PartitionOf, StringComparer.Ordinal), cancellationToken, async (bucket, ct) =>
        {
            Dictionary<string, TableEntity> rows = await KeyedReads.GetAsync(_accounts, bucket.Key, [.. bucket], pointReadsAtMost: 0, cancellationToken: ct);
            lock (found)
            {
                foreach (TableEntity account in rows.Values)
                {
                    found[account.RowKey] = EntityAttributes.Of(account);
                }
            }
        });
        return found;
    }

    /// <summary>Sets the same attributes on several accounts (merges: other attributes stay; null clears one), in batch transactions per bucket.</summary>
    public Task SetAttributesOfAsync(IEnumerable<string> accountIds, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        ArgumentNullException.ThrowIfNull(attributes);
        // A merge leaves out a null property, so the old value would stay: a cleared attribute is stored as empty text.
        return BatchWriter.MergeAsync(_accounts, accountIds.Distinct(StringComparer.Ordinal).Select(id => Entity(id, attributes.Select(a => (a.Key, (object?)(a.Value ?? ""))))), cancellationToken);
    }

    /// <summary>Creates accounts or writes the attributes given, leaving their others as they are (sample data, tests).</summary>
    public Task UpsertAsync(IEnumerable<(string AccountId, IReadOnlyDictionary<string, object?> Attributes)> accounts, CancellationToken cancellationToken = default) =>
        BatchWriter.MergeAsync(_accounts, accounts.Select(a => Entity(a.AccountId, a.Attributes.Select(p => (p.Key, p.Value)))), cancellationToken);

    /// <summary>The stored row of an account as it is, or null (tests and diagnostics).</summary>
    public async Task<TableEntity?> GetAsync(string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _accounts.GetEntityIfExistsAsync<TableEntity>(PartitionOf(accountId), accountId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    private static string PartitionOf(string accountId) =>
        "a" + StableId.Bucket(accountId, Buckets).ToString("D2", CultureInfo.InvariantCulture);

    private static TableEntity Entity(string accountId, IEnumerable<(string Name, object? Value)> attributes)
    {
        var entity = new TableEntity(PartitionOf(TableKey.Require(accountId, "account id")), accountId);
        foreach ((string name, object? value) in attributes)
        {
            entity[name] = value;
        }

        return entity;
    }
}
