using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Sync;

/// <summary>The sales app's people: table <c>SalesPeople</c>, PK = hash bucket, RK = Marketo ID.</summary>
public sealed class SalesPeopleStore
{
    private readonly TableClient _sales;

    public SalesPeopleStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _sales = storage.Table(TableNames.SalesPeople);
    }

    public async Task<TableEntity?> GetAsync(string marketoId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _sales.GetEntityIfExistsAsync<TableEntity>(SalesPerson.PartitionOf(marketoId), marketoId, cancellationToken: cancellationToken);
        return found.HasValue ? found.Value : null;
    }

    /// <summary>Writes copies in batch transactions per bucket.</summary>
    public Task<int> UpsertAsync(IEnumerable<TableEntity> copies, CancellationToken cancellationToken = default) =>
        BatchWriter.UpsertAsync(_sales, copies, cancellationToken);

    /// <summary>
    /// Writes one copy unless the stored one came from a newer marketing version (an older change never wins).
    /// </summary>
    /// <returns>True when written.</returns>
    public async Task<bool> UpsertIfNewerAsync(TableEntity copy, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(copy);
        TableEntity? stored = await GetAsync(copy.RowKey, cancellationToken);
        long incoming = copy.GetInt64(SalesPerson.SourceVersion) ?? 0;
        if (stored is not null && (stored.GetInt64(SalesPerson.SourceVersion) ?? 0) > incoming)
        {
            return false;
        }

        try
        {
            if (stored is null)
            {
                await _sales.AddEntityAsync(copy, cancellationToken);
            }
            else
            {
                await _sales.UpdateEntityAsync(copy, stored.ETag, TableUpdateMode.Replace, cancellationToken);
            }
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // Someone wrote in between: decide again against what they wrote.
            return await UpsertIfNewerAsync(copy, cancellationToken);
        }

        return true;
    }

    /// <summary>Removes a person from the sales copy (lost owner, deleted); absent is fine.</summary>
    public async Task<bool> DeleteAsync(string marketoId, CancellationToken cancellationToken = default)
    {
        Response response = await _sales.DeleteEntityAsync(SalesPerson.PartitionOf(marketoId), marketoId, ETag.All, cancellationToken);
        return response.Status != 404;
    }

    /// <summary>Every sales person with this email (duplicates are kept as separate people).</summary>
    public async Task<List<TableEntity>> FindByEmailAsync(string email, CancellationToken cancellationToken = default)
    {
        var found = new List<TableEntity>();
        await foreach (TableEntity person in _sales.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Email eq {email}"), cancellationToken: cancellationToken))
        {
            found.Add(person);
        }

        return found;
    }
}
