using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The sales store's version guard, in the single and the batched path: an older copy never wins.</summary>
public sealed class SalesPeopleStoreTests
{
    [Fact]
    public async Task An_older_copy_never_overwrites_a_newer_one_single_or_batched()
    {
        SyncData data = await SyncData.CreateAsync();
        Assert.True(await data.Sales.UpsertIfNewerAsync(SalesPerson.From(data.Person(1, 20, title: "New"))));

        bool single = await data.Sales.UpsertIfNewerAsync(SalesPerson.From(data.Person(1, 10, title: "Old")));
        SalesWriteResult batch = await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 10, title: "Old")), SalesPerson.From(data.Person(2, 10))]);

        Assert.False(single);
        Assert.Equal(new SalesWriteResult(1, 1), batch);
        Assert.Equal("New", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        Assert.NotNull(await data.Sales.GetAsync(data.Id(2)));
    }

    [Fact]
    public async Task A_newer_copy_replaces_an_older_one_in_the_batched_path()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.Sales.WriteIfNewerAsync(Enumerable.Range(0, 150).Select(n => SalesPerson.From(data.Person(n, 10, title: "Old"))));

        SalesWriteResult result = await data.Sales.WriteIfNewerAsync(Enumerable.Range(0, 150).Select(n => SalesPerson.From(data.Person(n, 11, title: "New"))));

        Assert.Equal(new SalesWriteResult(150, 0), result);
        for (int n = 0; n < 150; n += 37)
        {
            Assert.Equal("New", (await data.Sales.GetAsync(data.Id(n)))!.GetString(PersonFields.Title));
        }
    }

    [Fact]
    public async Task A_removed_person_stays_removed_when_an_older_copy_arrives()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.Sales.UpsertIfNewerAsync(SalesPerson.From(data.Person(1, 10)));

        Assert.True(await data.Sales.RemoveIfNewerAsync(data.Id(1), 20));
        SalesWriteResult stale = await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(1, 15))]);

        Assert.Equal(new SalesWriteResult(0, 1), stale);
        Assert.Null(await data.Sales.GetAsync(data.Id(1)));
        Assert.Empty(await data.Sales.FindByEmailAsync(data.Person(1, 0).GetString(PersonFields.Email)!));
    }

    [Fact]
    public async Task A_person_who_regains_an_owner_comes_back_with_the_newer_version()
    {
        SyncData data = await SyncData.CreateAsync();
        await data.Sales.RemoveIfNewerAsync(data.Id(1), 20);

        Assert.True(await data.Sales.UpsertIfNewerAsync(SalesPerson.From(data.Person(1, 30))));

        TableEntity back = (await data.Sales.GetAsync(data.Id(1)))!;
        Assert.Equal(30, back.GetInt64(SalesPerson.SourceVersion));
        Assert.False(SalesPerson.IsRemoved(back));
    }

    [Fact]
    public async Task Two_people_sharing_an_email_are_two_sales_people()
    {
        SyncData data = await SyncData.CreateAsync();
        // Ids 0 and 3 share an email (n % 3).
        await data.Sales.WriteIfNewerAsync([SalesPerson.From(data.Person(0, 1)), SalesPerson.From(data.Person(3, 1)), SalesPerson.From(data.Person(1, 1))]);

        List<TableEntity> found = await data.Sales.FindByEmailAsync(data.Person(0, 1).GetString(PersonFields.Email)!);

        Assert.Equal([data.Id(0), data.Id(3)], found.Select(p => p.RowKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task An_email_stored_with_spaces_around_it_is_found_by_the_address_alone()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity padded = data.Person(1, 1);
        padded[PersonFields.Email] = $"  Padded-{data.Id(1)}@Example.com ";
        await data.Sales.UpsertIfNewerAsync(SalesPerson.From(padded));

        Assert.Equal([data.Id(1)], (await data.Sales.FindByEmailAsync($"Padded-{data.Id(1)}@Example.com")).Select(p => p.RowKey));
        Assert.Equal([data.Id(1)], (await data.Sales.FindByEmailAsync($" Padded-{data.Id(1)}@Example.com  ")).Select(p => p.RowKey));
        Assert.Empty(await data.Sales.FindByEmailAsync($"padded-{data.Id(1)}@example.com"));
    }

    [Fact]
    public async Task A_person_whose_email_changed_is_found_by_the_new_email_only()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity before = data.Person(1, 1);
        await data.Sales.UpsertIfNewerAsync(SalesPerson.From(before));
        TableEntity after = data.Person(1, 2);
        after[PersonFields.Email] = $"moved-{data.Id(1)}@example.com";
        await data.Sales.UpsertIfNewerAsync(SalesPerson.From(after));

        Assert.DoesNotContain(data.Id(1), (await data.Sales.FindByEmailAsync(before.GetString(PersonFields.Email)!)).Select(p => p.RowKey));
        Assert.Equal([data.Id(1)], (await data.Sales.FindByEmailAsync($"moved-{data.Id(1)}@example.com")).Select(p => p.RowKey));
    }

    [Fact]
    public async Task Lists_every_live_person_once_page_by_page_across_its_tables_and_refuses_a_foreign_token()
    {
        SyncData data = await SyncData.CreateAsync();
        TableClient[] tables = [.. Enumerable.Range(0, 4).Select(i => data.Storage.Table($"SalesList{i}{data.Prefix}"))];
        await Task.WhenAll(tables.Select(t => t.CreateIfNotExistsAsync()));
        try
        {
            var sales = new SalesPeopleStore(new ShardedTable(tables[..3], SalesBuckets.IndexOf), ShardedTable.Unsharded(tables[3]));
            await sales.WriteIfNewerAsync(Enumerable.Range(0, 40).Select(n => SalesPerson.From(data.Person(n, 1))));
            await sales.RemoveIfNewerAsync(data.Id(2), 2);

            var listed = new List<string>();
            string? next = null;
            do
            {
                (IReadOnlyList<TableEntity> page, next) = await sales.ListAsync(next, 7);
                Assert.InRange(page.Count, 0, 7);
                listed.AddRange(page.Select(p => p.RowKey));
            }
            while (next is not null);

            Assert.Equal(Enumerable.Range(0, 40).Where(n => n != 2).Select(data.Id).Order(StringComparer.Ordinal), listed.Order(StringComparer.Ordinal));
            Assert.Equal(3, Enumerable.Range(0, 40).Select(n => SalesBuckets.IndexOf(SalesBuckets.PartitionOf(data.Id(n))) % 3).Distinct().Count());
            Assert.NotNull((await sales.ListAsync("1~", 7)).People);
            foreach (string foreign in new[] { "x", "1!1", "3~", "-1~", "~abc", "01 2" })
            {
                await Assert.ThrowsAsync<FormatException>(() => sales.ListAsync(foreign, 7));
            }
        }
        finally
        {
            await Task.WhenAll(tables.Select(t => t.DeleteAsync()));
        }
    }
}
