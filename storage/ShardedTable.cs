using Azure.Data.Tables;

namespace JourneyFunctions.Storage;

/// <summary>
/// One logical table kept in several tables (<c>TableNames.Effects</c>, <c>TableNames.SalesPeople</c>...), each
/// partition wholly in the one its key picks, so transactions and partition queries work as on one table. Why: Azurite
/// keeps one sorted key index per table and splices it on every insert, so its cost per insert grows with the table,
/// and a run of 640,000 effects or a sales copy of 800,000 people spent most of its time there. Azure Tables index by
/// key and do not care; reading the whole logical table means reading each of its tables.
/// </summary>
public sealed class ShardedTable
{
    private readonly TableClient[] _tables;
    private readonly Func<string, int> _shardOf;

    /// <param name="tables">The tables, in shard order.</param>
    /// <param name="shardOf">A partition key's shard, any non-negative number: taken modulo the number of tables.</param>
    public ShardedTable(IEnumerable<TableClient> tables, Func<string, int> shardOf)
    {
        ArgumentNullException.ThrowIfNull(tables);
        _tables = [.. tables];
        ArgumentOutOfRangeException.ThrowIfZero(_tables.Length, nameof(tables));
        _shardOf = shardOf ?? throw new ArgumentNullException(nameof(shardOf));
    }

    /// <summary>The named tables of <paramref name="storage"/>.</summary>
    public ShardedTable(StorageAccount storage, IEnumerable<string> names, Func<string, int> shardOf)
        : this(names.Select((storage ?? throw new ArgumentNullException(nameof(storage))).Table), shardOf)
    {
    }

    /// <summary>Every table, in shard order.</summary>
    public IReadOnlyList<TableClient> Tables => _tables;

    /// <summary>The table that holds <paramref name="partitionKey"/>.</summary>
    public TableClient For(string partitionKey) => _tables[_shardOf(partitionKey) % _tables.Length];

    /// <summary>Every row of every table that <paramref name="filter"/> matches, the tables read side by side.</summary>
    public async Task<List<TableEntity>> QueryAllAsync(string filter, IEnumerable<string>? select = null, CancellationToken cancellationToken = default)
    {
        List<TableEntity>[] found = await Task.WhenAll(_tables.Select(async table =>
        {
            var rows = new List<TableEntity>();
            await foreach (TableEntity row in table.QueryAsync<TableEntity>(filter, select: select, cancellationToken: cancellationToken))
            {
                rows.Add(row);
            }

            return rows;
        }));
        return [.. found.SelectMany(rows => rows)];
    }

    /// <summary>
    /// How many rows of every table <paramref name="filter"/> matches, the tables read side by side, keys only and page
    /// by page: nothing is kept, so a count of a million rows costs no memory.
    /// </summary>
    public async Task<long> CountAsync(string filter, CancellationToken cancellationToken = default) =>
        (await Task.WhenAll(_tables.Select(async table =>
        {
            long count = 0;
            await foreach (Azure.Page<TableEntity> page in table.QueryAsync<TableEntity>(filter, maxPerPage: 1000, select: ["RowKey"], cancellationToken: cancellationToken).AsPages())
            {
                count += page.Values.Count;
            }

            return count;
        }))).Sum();

    /// <summary>A logical table of a single table (tests that keep a table of their own).</summary>
    public static ShardedTable Unsharded(TableClient table) => new([table ?? throw new ArgumentNullException(nameof(table))], _ => 0);
}
