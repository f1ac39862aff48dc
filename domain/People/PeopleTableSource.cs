using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;

namespace JourneyFunctions.Domain.People;

/// <summary>The marketing people table as a sync source: pages in key order, the cursor is the table's continuation token.</summary>
public sealed class PeopleTableSource(StorageAccount storage) : IPeopleSource
{
    /// <summary>Effect markers share the people table; their row keys start with '~', person keys sort before it.</summary>
    private static readonly string PeopleOnly = TableClient.CreateQueryFilter($"RowKey lt {"~"}");

    private readonly TableClient _people = storage.Table(TableNames.People);

    public async Task<long?> CountAsync(CancellationToken cancellationToken)
    {
        long count = 0;
        await foreach (Page<TableEntity> page in _people.QueryAsync<TableEntity>(PeopleOnly, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
        {
            count += page.Values.Count;
        }

        return count;
    }

    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        AsyncPageable<TableEntity> query = _people.QueryAsync<TableEntity>(PeopleOnly, maxPerPage: pageSize, cancellationToken: cancellationToken);
        await foreach (Page<TableEntity> page in query.AsPages(cursor, pageSize))
        {
            return new SourcePage(page.Values, page.ContinuationToken);
        }

        return new SourcePage([], null);
    }
}
