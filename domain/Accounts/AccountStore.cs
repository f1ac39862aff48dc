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
