using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// A sales copy in tables of one test's own, for tests that judge the whole table (a sweep, a dry run's removals):
/// other tests on the same Azurite keep sales rows with no marketing person behind them.
/// </summary>
internal sealed class OwnSalesTables
{
    private OwnSalesTables(TableClient sales, TableClient byEmail)
    {
        Table = sales;
        ByEmail = byEmail;
        Store = new SalesPeopleStore(ShardedTable.Unsharded(sales), ShardedTable.Unsharded(byEmail));
    }

    public TableClient Table { get; }

    public TableClient ByEmail { get; }

    public SalesPeopleStore Store { get; }

    public static async Task<OwnSalesTables> CreateAsync(SyncData data, string name)
    {
        ArgumentNullException.ThrowIfNull(data);
        TableClient sales = data.Storage.Table(name + data.Prefix);
        TableClient byEmail = data.Storage.Table(name + "ByEmail" + data.Prefix);
        await sales.CreateIfNotExistsAsync();
        await byEmail.CreateIfNotExistsAsync();
        return new OwnSalesTables(sales, byEmail);
    }

    public async Task DeleteAsync()
    {
        await Table.DeleteAsync();
        await ByEmail.DeleteAsync();
    }
}
