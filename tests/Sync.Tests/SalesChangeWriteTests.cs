using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The sales store's change path (the incremental sync): read first, index entries only for changed values, never older over newer.</summary>
public sealed class SalesChangeWriteTests
{
    [Fact]
    public async Task Changes_write_new_and_newer_copies_and_tombstones_and_skip_older_ones()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 20, title: "Newer")), SalesPerson.From(data.Person(2, 10, title: "Older"))]);

        SalesWriteResult result = await data.Sales.WriteChangesIfNewerAsync(
            [SalesPerson.From(data.Person(1, 15, title: "Late")), SalesPerson.From(data.Person(2, 15, title: "Changed")), SalesPerson.From(data.Person(3, 15, title: "New"))]);
        SalesWriteResult removed = await data.Sales.WriteChangesIfNewerAsync([SalesPerson.Tombstone(data.Id(2), 16), SalesPerson.Tombstone(data.Id(1), 16)]);

        Assert.Equal(new SalesWriteResult(2, 1), result);
        Assert.Equal(new SalesWriteResult(1, 1), removed);
        Assert.Equal("Newer", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        Assert.Null(await data.Sales.GetAsync(data.Id(2)));
        Assert.Equal("New", (await data.Sales.GetAsync(data.Id(3)))!.GetString(PersonFields.Title));
    }

    [Fact]
    public async Task Racing_single_person_writes_leave_the_newest_version_however_they_interleave()
    {
        SyncData data = await SyncData.CreateAsync();

        // One person per write: the plain entity request path. Creations race (409) and replacements race (412).
        SalesWriteResult[] results = await Task.WhenAll(Enumerable.Range(1, 12).Reverse().Select(v =>
            Task.Run(() => data.Sales.WriteChangesIfNewerAsync([SalesPerson.From(data.Person(1, v, title: "v" + v))]))));

        Assert.Equal("v12", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        Assert.Equal(12, results.Sum(r => r.Written + r.SkippedAsOlder));
        Assert.InRange(results.Sum(r => r.Written), 1, 12);
    }

    [Fact]
    public async Task A_changed_email_is_indexed_and_an_unchanged_one_is_not_written_again()
    {
        SyncData data = await SyncData.CreateAsync();
        OwnSalesTables own = await OwnSalesTables.CreateAsync(data, "SalesChanges");
        try
        {
            TableEntity first = data.Person(1, 1);
            await own.Store.WriteIfNewerAsync([SalesPerson.From(first)]);
            TableEntity moved = data.Person(1, 2);
            moved[PersonFields.Email] = $"moved-{data.Id(1)}@example.com";
            await own.Store.WriteChangesIfNewerAsync([SalesPerson.From(moved)]);
            Dictionary<string, string> entries = await EntriesAsync(own);
            TableEntity retitled = data.Person(1, 3, title: "Retitled");
            retitled[PersonFields.Email] = moved[PersonFields.Email];

            await own.Store.WriteChangesIfNewerAsync([SalesPerson.From(retitled)]);

            Assert.Equal(2, entries.Count);
            Assert.Equal(entries, await EntriesAsync(own));
            Assert.Equal([data.Id(1)], (await own.Store.FindByEmailAsync($"moved-{data.Id(1)}@example.com")).Select(p => p.RowKey));
            Assert.Empty(await own.Store.FindByEmailAsync(first.GetString(PersonFields.Email)!));
            Assert.Equal("Retitled", (await own.Store.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        }
        finally
        {
            await own.DeleteAsync();
        }
    }

    [Theory]
    [InlineData(3)]
    [InlineData(20)]
    public async Task People_sharing_a_bucket_are_read_and_judged_each_whether_by_point_reads_or_by_their_key_range(int sharing)
    {
        SyncData data = await SyncData.CreateAsync();
        // A few of one bucket are read one by one, more than 16 by their key range: both must judge every row.
        int[] bucket = [.. Enumerable.Range(1, 10_000).Where(n => SalesBuckets.PartitionOf(data.Id(n)) == SalesBuckets.PartitionOf(data.Id(1))).Take(sharing)];
        await data.Sales.WriteIfNewerAsync(bucket.Skip(1).Select(n => SalesPerson.From(data.Person(n, n == bucket[1] ? 20 : 10, title: "Stored"))));

        SalesWriteResult result = await data.Sales.WriteChangesIfNewerAsync(bucket.Select(n => SalesPerson.From(data.Person(n, 15, title: "Changed"))));

        Assert.Equal(new SalesWriteResult(sharing - 1, 1), result);
        Assert.Equal("Stored", (await data.Sales.GetAsync(data.Id(bucket[1])))!.GetString(PersonFields.Title));
        foreach (int n in bucket.Where(n => n != bucket[1]))
        {
            Assert.Equal("Changed", (await data.Sales.GetAsync(data.Id(n)))!.GetString(PersonFields.Title));
        }
    }

    /// <summary>Every email index entry of the test's own tables: row key -> ETag.</summary>
    private static async Task<Dictionary<string, string>> EntriesAsync(OwnSalesTables own)
    {
        var entries = new Dictionary<string, string>(StringComparer.Ordinal);
        await foreach (TableEntity entry in own.ByEmail.QueryAsync<TableEntity>())
        {
            entries[entry.RowKey] = entry.ETag.ToString();
        }

        return entries;
    }
}
