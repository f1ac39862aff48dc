using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Accounts;

/// <summary>Accounts and their attributes: table <c>Accounts</c>, PK = account id, RK = <c>account</c>.</summary>
public sealed class AccountStore
{
    private const string Row = "account";
    private readonly TableClient _accounts;

    public AccountStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _accounts = storage.Table(TableNames.Accounts);
    }

    /// <summary>An account's attributes as strings, or null when it does not exist.</summary>
    public async Task<IReadOnlyDictionary<string, string?>?> GetAttributesAsync(string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _accounts.GetEntityIfExistsAsync<TableEntity>(accountId, Row, cancellationToken: cancellationToken);
        if (!found.HasValue)
        {
            return null;
        }

        return EntityAttributes.Of(found.Value!);
    }

    /// <summary>
    /// The attributes of several accounts (absent ones left out) with one key-range query over their partitions, not a
    /// read per account: a run's batches hold accounts in key order, so the range holds little else.
    /// </summary>
    public async Task<Dictionary<string, IReadOnlyDictionary<string, string?>>> GetAttributesOfAsync(IReadOnlyCollection<string> accountIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var found = new Dictionary<string, IReadOnlyDictionary<string, string?>>(StringComparer.Ordinal);
        if (accountIds.Count == 0)
        {
            return found;
        }

        var wanted = accountIds.ToHashSet(StringComparer.Ordinal);
        string first = wanted.Min(StringComparer.Ordinal)!;
        string last = wanted.Max(StringComparer.Ordinal)!;
        string filter = TableClient.CreateQueryFilter($"PartitionKey ge {first} and PartitionKey le {last} and RowKey eq {Row}");
        await foreach (TableEntity account in _accounts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            if (wanted.Contains(account.PartitionKey))
            {
                found[account.PartitionKey] = EntityAttributes.Of(account);
            }
        }

        return found;
    }

    /// <summary>Sets attributes on one account (a merge: other attributes stay).</summary>
    public Task SetAttributesAsync(string accountId, IReadOnlyDictionary<string, string?> attributes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attributes);
        var update = new TableEntity(accountId, Row);
        foreach (KeyValuePair<string, string?> attribute in attributes)
        {
            update[attribute.Key] = attribute.Value;
        }

        return _accounts.UpsertEntityAsync(update, TableUpdateMode.Merge, cancellationToken);
    }

    /// <summary>Creates or replaces accounts (sample data, tests).</summary>
    public Task UpsertAsync(IEnumerable<(string AccountId, IReadOnlyDictionary<string, object?> Attributes)> accounts, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(accounts, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (a, ct) =>
        {
            var entity = new TableEntity(a.AccountId, Row);
            foreach (KeyValuePair<string, object?> attribute in a.Attributes)
            {
                entity[attribute.Key] = attribute.Value;
            }

            await _accounts.UpsertEntityAsync(entity, TableUpdateMode.Replace, ct);
        });
}
