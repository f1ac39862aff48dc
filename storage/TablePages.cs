using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>The read behind every list route: one page of a query, from a continuation token.</summary>
public static class TablePages
{
    /// <summary>
    /// One page of <paramref name="filter"/>'s rows from <paramref name="continuation"/> (null: the first page), at most
    /// <paramref name="pageSize"/>, each mapped; and the next page's token, null on the last.
    /// </summary>
    public static async Task<(List<T> Items, string? Next)> PageAsync<T>(
        this TableClient table, string filter, int pageSize, string? continuation, Func<TableEntity, T> map, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(map);
        await foreach (Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, pageSize, select, cancellationToken).AsPages(continuation, pageSize))
        {
            return ([.. page.Values.Select(map)], page.ContinuationToken);
        }

        return ([], null);
    }
}
