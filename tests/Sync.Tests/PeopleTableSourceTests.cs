using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>The table source reads every people table side by side and resumes from its cursor.</summary>
public sealed class PeopleTableSourceTests
{
    [Fact]
    public async Task Reading_page_by_page_and_resuming_from_each_cursor_returns_every_person_once_across_all_tables()
    {
        SyncData data = await SyncData.CreateAsync();
        // 40 accounts of 3 people: enough that every people table holds some.
        TableEntity[] loaded = [.. Enumerable.Range(0, 40).SelectMany(a => Enumerable.Range(0, 3).Select(p =>
            new TableEntity($"{data.Prefix}-a{a:D2}", $"{data.Prefix}-a{a:D2}-p{p}") { [PersonFields.LeadOwner] = "seller@example.com" }))];
        await data.PutPeopleAsync(loaded);
        Assert.Equal(TableNames.PeopleShards, loaded.Select(p => PeopleStore.TableOf(p.PartitionKey)).Distinct().Count());

        var seen = new List<string>();
        string? cursor = null;
        do
        {
            // Pages of 8 per table, so each table takes several; a new source per page, as after a restart: only the cursor carries over.
            SourcePage page = await new PeopleTableSource(data.Storage).ReadPageAsync(cursor, 8, CancellationToken.None);
            seen.AddRange(page.People.Select(p => p.RowKey).Where(id => id.StartsWith(data.Prefix, StringComparison.Ordinal)));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(loaded.Select(p => p.RowKey).Order(StringComparer.Ordinal), seen.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task The_source_reads_the_people_a_journey_reads_and_no_effect_markers()
    {
        SyncData data = await SyncData.CreateAsync();
        string account = data.Prefix + "-marked";
        // A storable Marketo ID may start with '~' or a letter past ASCII and sort before or after the "~fx~" effect
        // markers earlier versions wrote beside scored people, which stores written then still hold.
        TableEntity[] loaded = [new(account, data.Prefix + "-p1"), new(account, "~a-" + data.Prefix), new(account, "~zz-" + data.Prefix), new(account, "ü-" + data.Prefix)];
        await data.PutPeopleAsync([.. loaded, new TableEntity(account, $"~fx~{data.Prefix}~score~{data.Prefix}-p1")]);
        var store = new PeopleStore(data.Storage);

        var read = new List<string>();
        string? cursor = null;
        do
        {
            SourcePage page = await new PeopleTableSource(data.Storage).ReadPageAsync(cursor, 1000, CancellationToken.None);
            read.AddRange(page.People.Where(p => p.PartitionKey == account).Select(p => p.RowKey));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        string[] expected = [.. loaded.Select(p => p.RowKey).Order(StringComparer.Ordinal)];
        Assert.Equal(expected, read.Order(StringComparer.Ordinal));
        Assert.Equal(expected, (await store.GetAccountPeopleAsync(account)).Select(p => p.RowKey).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task A_cursor_this_source_did_not_write_is_refused_with_the_cursor_named()
    {
        SyncData data = await SyncData.CreateAsync();

        FormatException error = await Assert.ThrowsAsync<FormatException>(() =>
            new PeopleTableSource(data.Storage).ReadPageAsync("not-a-cursor", 10, CancellationToken.None));

        Assert.Contains("'not-a-cursor'", error.Message, StringComparison.Ordinal);
    }
}
