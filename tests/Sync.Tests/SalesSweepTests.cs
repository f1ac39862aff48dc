using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sales;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// A full re-sync removes the sales copies of people who lost their owner (or were deleted) without a change message,
/// and nobody else. Each test sweeps its own sales table: a sweep covers the whole table, and other tests on the same
/// Azurite keep sales rows with no marketing person behind them.
/// </summary>
public sealed class SalesSweepTests : IAsyncLifetime
{
    private SyncData _data = null!;
    private OwnSalesTables _own = null!;
    private TableClient _table = null!;
    private SalesPeopleStore _sales = null!;

    public async Task InitializeAsync()
    {
        _data = await SyncData.CreateAsync();
        _own = await OwnSalesTables.CreateAsync(_data, "Sweep");
        (_table, _sales) = (_own.Table, _own.Store);
    }

    public Task DisposeAsync() => _own.DeleteAsync();

    /// <summary>What the orchestration does, step by step: start a run, read the whole source, sweep every bucket.</summary>
    private async Task<int> FullSyncAsync(IReadOnlyList<TableEntity> source, Func<Task>? afterRead = null)
    {
        string runId = Guid.NewGuid().ToString("N");
        DateTimeOffset started = await new SyncRunStore(_data.Storage, _data.Prefix, TimeProvider.System).StartAsync(runId);
        await new SyncInitialPageActivity(new ListSource(source, afterRead), _sales, _data.Rejections, _data.Settings, TimeProvider.System).RunAsync(new SyncPageRequest(null, 10_000, runId), CancellationToken.None);
        return await new SweepSalesPeopleActivity(_sales).RunAsync(new SalesSweepRequest(runId, started, 0, SalesBuckets.Count), CancellationToken.None);
    }

    /// <summary>The incremental sync applying a marketing change, as the <c>person-changes</c> queue would.</summary>
    private async Task ChangeAsync(TableEntity person)
    {
        await _data.PutPeopleAsync(person);
        string message = JsonSerializer.Serialize(
            new PersonChange(_data.Account, person.RowKey, person.GetInt64(PersonFields.ChangeVersion) ?? 0, [PersonFields.LeadOwner]), JsonDefaults.Options);
        await _data.ChangeHandler(_sales).HandleAsync(message, SyncData.NoRuns, CancellationToken.None);
    }

    private async Task<int> StatusOfGetAsync(int n) =>
        ((IStatusCodeHttpResult)await new GetSalesPersonHandler(_sales).HandleAsync(_data.Id(n), CancellationToken.None)).StatusCode ?? 0;

    [Fact]
    public async Task A_resync_removes_people_who_lost_their_owner_or_were_deleted_without_a_change_message()
    {
        await FullSyncAsync([_data.Person(0, 10), _data.Person(1, 10), _data.Person(2, 10)]);
        Assert.Equal(StatusCodes.Status200OK, await StatusOfGetAsync(1));

        // Person 1 lost the owner and person 2 was deleted in marketing; no change message reached the sync.
        int removed = await FullSyncAsync([_data.Person(0, 10), _data.Person(1, 20, owned: false)]);

        Assert.Equal(2, removed);
        Assert.NotNull(await _sales.GetAsync(_data.Id(0)));
        Assert.Null(await _sales.GetAsync(_data.Id(1)));
        Assert.Null(await _sales.GetAsync(_data.Id(2)));
        Assert.Equal(StatusCodes.Status404NotFound, await StatusOfGetAsync(1));
    }

    [Fact]
    public async Task People_still_sales_owned_stay_and_two_sharing_an_email_both_stay()
    {
        // Ids 0 and 3 share an email (n % 3).
        TableEntity[] people = [_data.Person(0, 10), _data.Person(1, 10), _data.Person(3, 10)];
        await FullSyncAsync(people);

        int removed = await FullSyncAsync(people);

        Assert.Equal(0, removed);
        Assert.Equal([_data.Id(0), _data.Id(3)], (await _sales.FindByEmailAsync(_data.Person(0, 10).GetString(PersonFields.Email)!)).Select(p => p.RowKey).Order(StringComparer.Ordinal));
        Assert.NotNull(await _sales.GetAsync(_data.Id(1)));
    }

    [Fact]
    public async Task A_person_who_regained_the_owner_after_the_run_read_them_stays()
    {
        await FullSyncAsync([_data.Person(1, 10)]);

        // The run reads person 1 without an owner; before it sweeps, the owner is back and its change is applied.
        int removed = await FullSyncAsync([_data.Person(1, 20, owned: false)], afterRead: () => ChangeAsync(_data.Person(1, 30, title: "Back")));

        Assert.Equal(0, removed);
        TableEntity copy = (await _sales.GetAsync(_data.Id(1)))!;
        Assert.Equal("Back", copy.GetString(PersonFields.Title));
        Assert.Equal(30, copy.GetInt64(SalesPerson.SourceVersion));
    }

    [Fact]
    public async Task A_later_change_replaces_the_sweeps_tombstone_and_an_older_copy_does_not()
    {
        await FullSyncAsync([_data.Person(1, 10), _data.Person(2, 10)]);
        Assert.Equal(2, await FullSyncAsync([]));

        // The tombstone keeps the removed copy's version: a change after it (the owner back) wins, a stale copy loses.
        await ChangeAsync(_data.Person(1, 30, title: "Back"));
        SalesWriteResult stale = await _sales.WriteIfNewerAsync([SalesPerson.From(_data.Person(2, 9))]);

        Assert.Equal("Back", (await _sales.GetAsync(_data.Id(1)))?.GetString(PersonFields.Title));
        Assert.Equal(new SalesWriteResult(0, 1), stale);
        Assert.Null(await _sales.GetAsync(_data.Id(2)));
    }

    [Fact]
    public async Task A_copy_newer_than_the_source_the_run_read_is_kept_and_stays_through_the_sweep()
    {
        // The sales copy came from a later marketing version than the one the run reads (a change the run did not see).
        await _sales.WriteIfNewerAsync([SalesPerson.From(_data.Person(1, 50, title: "Newer"))]);

        int removed = await FullSyncAsync([_data.Person(0, 10), _data.Person(1, 10)]);
        int again = await FullSyncAsync([_data.Person(0, 10), _data.Person(1, 10)]);

        Assert.Equal((0, 0), (removed, again));
        TableEntity copy = (await _sales.GetAsync(_data.Id(1)))!;
        Assert.Equal(("Newer", 50L), (copy.GetString(PersonFields.Title), copy.GetInt64(SalesPerson.SourceVersion)));
    }

    [Fact]
    public async Task A_repeated_sweep_removes_nothing_more_and_reports_the_same_count()
    {
        await FullSyncAsync([_data.Person(0, 10), _data.Person(1, 10)]);
        string runId = Guid.NewGuid().ToString("N");
        DateTimeOffset started = await new SyncRunStore(_data.Storage, _data.Prefix, TimeProvider.System).StartAsync(runId);
        await new SyncInitialPageActivity(new ListSource([_data.Person(0, 10)]), _sales, _data.Rejections, _data.Settings, TimeProvider.System).RunAsync(new SyncPageRequest(null, 100, runId), CancellationToken.None);
        var sweep = new SweepSalesPeopleActivity(_sales);
        var request = new SalesSweepRequest(runId, started, 0, SalesBuckets.Count);

        int first = await sweep.RunAsync(request, CancellationToken.None);
        TableEntity tombstone = (await _table.GetEntityAsync<TableEntity>(SalesBuckets.PartitionOf(_data.Id(1)), _data.Id(1))).Value;
        int again = await sweep.RunAsync(request, CancellationToken.None);

        Assert.Equal(1, first);
        Assert.Equal(1, again);
        Assert.Equal(tombstone.ETag, (await _table.GetEntityAsync<TableEntity>(tombstone.PartitionKey, tombstone.RowKey)).Value.ETag);
        Assert.Equal(started, await new SyncRunStore(_data.Storage, _data.Prefix, TimeProvider.System).StartAsync(runId));
    }
}
