using Azure.Data.Tables;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>One initial-sync page: eligibility, the 13 fields, duplicates, and a change that arrives mid-page.</summary>
public sealed class SyncInitialPageActivityTests
{
    [Fact]
    public async Task Copies_only_sales_owned_people_with_exactly_the_13_fields()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity contactOwned = data.Person(2, 5, owned: false);
        contactOwned[PersonFields.ContactOwner] = "owner@example.com";
        var source = new ListSource([data.Person(0, 5), data.Person(1, 5, owned: false), contactOwned, data.Person(3, 5)]);

        SyncPageResult result = await new SyncInitialPageActivity(source, data.Sales, data.Rejections, data.Settings, TimeProvider.System).RunAsync(new SyncPageRequest(null, 10), CancellationToken.None);

        Assert.Equal(new SyncPageResult(null, 4, 3, 3, 0, MaxPeoplePerMinute: 0), result);
        Assert.Null(await data.Sales.GetAsync(data.Id(1)));
        TableEntity copy = (await data.Sales.GetAsync(data.Id(0)))!;
        string[] stored = copy.Keys.Where(k => k is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag" or SalesPerson.SourceVersion or SalesPerson.Removed)).ToArray();
        Assert.Equal(PersonFields.Synced.Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));
        Assert.False(copy.ContainsKey("JobLevel"));
        Assert.False(copy.ContainsKey(PersonFields.LeadOwner));
        // Ids 0 and 3 share an email; both are kept.
        Assert.Equal(2, (await data.Sales.FindByEmailAsync(copy.GetString(PersonFields.Email)!)).Count);
    }

    [Fact]
    public async Task A_change_written_while_the_page_was_read_is_not_overwritten_by_the_older_copy()
    {
        SyncData data = await SyncData.CreateAsync();
        var source = new ListSource(
            [data.Person(0, 10, title: "Old"), data.Person(1, 10, title: "Old"), data.Person(2, 10, title: "Old")],
            afterRead: async () =>
            {
                await data.Sales.UpsertIfNewerAsync(SalesPerson.From(data.Person(1, 20, title: "New")));
                await data.Sales.RemoveIfNewerAsync(data.Id(2), 20);
            });

        SyncPageResult result = await new SyncInitialPageActivity(source, data.Sales, data.Rejections, data.Settings, TimeProvider.System).RunAsync(new SyncPageRequest(null, 10), CancellationToken.None);

        Assert.Equal(1, result.Written);
        Assert.Equal(2, result.SkippedAsOlder);
        Assert.Equal("Old", (await data.Sales.GetAsync(data.Id(0)))!.GetString(PersonFields.Title));
        Assert.Equal("New", (await data.Sales.GetAsync(data.Id(1)))!.GetString(PersonFields.Title));
        Assert.Null(await data.Sales.GetAsync(data.Id(2)));
    }

    [Fact]
    public async Task Rerunning_a_page_after_a_crash_rewrites_the_same_rows()
    {
        SyncData data = await SyncData.CreateAsync();
        var source = new ListSource(Enumerable.Range(0, 250).Select(n => data.Person(n, 7, owned: n % 5 != 0)).ToList());
        var activity = new SyncInitialPageActivity(source, data.Sales, data.Rejections, data.Settings, TimeProvider.System);

        SyncPageResult first = await activity.RunAsync(new SyncPageRequest(null, 250), CancellationToken.None);
        SyncPageResult again = await activity.RunAsync(new SyncPageRequest(null, 250), CancellationToken.None);

        Assert.Equal(200, first.Written);
        Assert.Equal(200, again.Written);
        Assert.Equal(0, again.SkippedAsOlder);
    }

    [Fact]
    public async Task A_step_reads_the_source_in_reads_of_1000_until_its_size_and_returns_the_cursor_after_them()
    {
        SyncData data = await SyncData.CreateAsync();
        var source = new ListSource(Enumerable.Range(0, 2500).Select(n => data.Person(n, 1, owned: n % 2 == 0)).ToList());
        var activity = new SyncInitialPageActivity(source, data.Sales, data.Rejections, data.Settings, TimeProvider.System);

        SyncPageResult first = await activity.RunAsync(new SyncPageRequest(null, 2000), CancellationToken.None);
        SyncPageResult last = await activity.RunAsync(new SyncPageRequest(first.NextCursor, 2000), CancellationToken.None);

        Assert.Equal(new SyncPageResult("2000", 2000, 1000, 1000, 0, MaxPeoplePerMinute: 0), first);
        Assert.Equal(new SyncPageResult(null, 500, 250, 250, 0, MaxPeoplePerMinute: 0), last);
        Assert.NotNull(await data.Sales.GetAsync(data.Id(2498)));
        Assert.Null(await data.Sales.GetAsync(data.Id(2499)));
    }

    [Fact]
    public async Task A_pause_after_a_page_of_no_one_keeps_the_cursor_that_page_moved_to()
    {
        SyncData data = await SyncData.CreateAsync();
        var activity = new SyncInitialPageActivity(new EmptyWindowThenPause(), data.Sales, data.Rejections, data.Settings, TimeProvider.System);

        SyncPageResult moved = await activity.RunAsync(new SyncPageRequest(null, 10), CancellationToken.None);
        SyncPageResult paused = await activity.RunAsync(new SyncPageRequest(moved.NextCursor, 10), CancellationToken.None);

        // An export window with no updates, then the next window's job queued: the run must not go back to the first.
        Assert.Equal(("window-2", null), (moved.NextCursor, moved.PausedUntilUtc));
        Assert.Equal(0, moved.Read);
        Assert.NotNull(paused.PausedUntilUtc);
    }

    /// <summary>A first window of no one, then a second whose export is still queued.</summary>
    private sealed class EmptyWindowThenPause : IPeopleSource
    {
        public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

        public Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken) => Task.FromResult(cursor is null
            ? new SourcePage([], "window-2")
            : new SourcePage([], cursor, DateTime.UtcNow.AddMinutes(1), "export queued"));
    }
}
