using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Hosting.Settings;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.DurableTask.Client;
using Moq;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// A dry run reports what a full sync would write, update, remove and reject, and writes nothing. Each test has its own
/// sales tables: removals are judged over the whole sales copy.
/// </summary>
public sealed class SyncDryRunTests : IAsyncLifetime
{
    private SyncData _data = null!;
    private OwnSalesTables _own = null!;

    public async Task InitializeAsync() => _own = await OwnSalesTables.CreateAsync(_data = await SyncData.CreateAsync(), "DryRun");

    public Task DisposeAsync() => _own.DeleteAsync();

    /// <summary>
    /// Stored: 0 and 1 at version 5, 2 at 9, 3 and 4 live, 7 a tombstone at 3. Source: 0 at 5 (unchanged), 1 at 6
    /// (updated), 2 at 6 (older than the copy), 3 without owner and 4 absent (removed), 5 new, 6 not text (rejected),
    /// 7 at 4 (back: new), 8 without owner (not copied).
    /// </summary>
    private async Task<List<TableEntity>> ArrangeAsync()
    {
        await _own.Store.WriteIfNewerAsync([.. new[] { (0, 5L), (1, 5L), (2, 9L), (3, 5L), (4, 5L) }.Select(p => SalesPerson.From(_data.Person(p.Item1, p.Item2)))]);
        await _own.Store.RemoveIfNewerAsync(_data.Id(7), 3);
        TableEntity notText = _data.Person(6, 5);
        notText[PersonFields.Phone] = 42;
        return [_data.Person(0, 5), _data.Person(1, 6), _data.Person(2, 6), _data.Person(3, 6, owned: false), _data.Person(5, 1), notText, _data.Person(7, 4), _data.Person(8, 1, owned: false)];
    }

    private static async Task<List<string>> SnapshotAsync(TableClient table)
    {
        var rows = new List<string>();
        await foreach (TableEntity row in table.QueryAsync<TableEntity>())
        {
            rows.Add(JsonSerializer.Serialize(row.ToDictionary(p => p.Key, p => p.Value?.ToString())) + row.ETag);
        }

        return rows;
    }

    private async Task<int> RejectionsOfThisTestAsync()
    {
        int count = 0;
        await foreach (TableEntity row in _data.Storage.Table(TableNames.SyncRejections).QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            count += row.RowKey.Contains(_data.Prefix, StringComparison.Ordinal) ? 1 : 0;
        }

        return count;
    }

    [Fact]
    public async Task A_dry_run_reports_each_outcome_and_leaves_the_sales_copy_its_index_and_the_rejections_unchanged()
    {
        List<TableEntity> source = await ArrangeAsync();
        List<string> salesBefore = await SnapshotAsync(_own.Table);
        List<string> indexBefore = await SnapshotAsync(_own.ByEmail);

        SyncDryRunReport report = await new SyncDryRun(new ListSource(source), _own.Store).RunAsync(SyncDryRun.MaxPeople, CancellationToken.None);

        Assert.Equal(
            (true, 8L, 6L, 2L, 2L, 1L, 1L, 1L, 1L, (long?)2L),
            (report.Complete, report.Read, report.Eligible, report.SkippedNoOwner, report.New, report.Updated, report.Unchanged, report.SkippedNewerInSales, report.Rejected, report.Removed));
        Assert.Equal(new[] { _data.Id(5), _data.Id(7) }, report.Samples.New.Order());
        Assert.Equal([_data.Id(1)], report.Samples.Updated);
        Assert.Equal(new[] { _data.Id(3), _data.Id(4) }, report.Samples.Removed.Order());
        Assert.Equal((_data.Id(6), PersonFields.Phone), (report.Samples.Rejected.Single().MarketoId, report.Samples.Rejected.Single().Field));
        Assert.Equal(salesBefore, await SnapshotAsync(_own.Table));
        Assert.Equal(indexBefore, await SnapshotAsync(_own.ByEmail));
        Assert.Equal(0, await RejectionsOfThisTestAsync());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task A_dry_run_that_stops_at_its_bound_does_not_guess_the_removals(int pageFactor)
    {
        List<TableEntity> source = await ArrangeAsync();

        SyncDryRunReport report = await new SyncDryRun(new ListSource(source, pageFactor: pageFactor), _own.Store).RunAsync(3, CancellationToken.None);

        Assert.Equal((false, 3L, (long?)null), (report.Complete, report.Read, report.Removed));
        Assert.NotNull(report.RemovedNotCounted);
        Assert.Equal((1L, 1L, 1L), (report.Unchanged, report.Updated, report.SkippedNewerInSales));
    }

    [Fact]
    public async Task A_source_of_exactly_the_bound_is_read_to_its_end_even_when_it_hands_back_a_cursor()
    {
        List<TableEntity> source = await ArrangeAsync();

        SyncDryRunReport report = await new SyncDryRun(new ListSource(source, cursorAfterLastPage: true), _own.Store).RunAsync(source.Count, CancellationToken.None);

        Assert.Equal((true, (long)source.Count, (long?)2L), (report.Complete, report.Read, report.Removed));
        Assert.Null(report.RemovedNotCounted);
    }

    [Theory]
    [InlineData("?dryRun=yes", 400)]
    [InlineData("?dryRun=true&dryRun=true", 400)]
    [InlineData("?dryRun=true", 200)]
    public async Task The_route_answers_a_dry_run_at_once_and_refuses_a_bad_dryRun_naming_the_field(string query, int status)
    {
        List<TableEntity> source = await ArrangeAsync();
        var settings = new AppSettings { Storage = StorageConnection.FromConnectionString("UseDevelopmentStorage=true") };
        var context = new DefaultHttpContext();
        context.Request.Method = "POST";
        context.Request.QueryString = new QueryString(query);
        var durable = new Mock<DurableTaskClient>("test");
        var handler = new StartInitialSyncHandler(new InitialSyncStarter(settings.Handlers, _data.Settings, new SyncStartClaim(_data.Storage, Guid.NewGuid().ToString("N")), TimeProvider.System), new SyncDryRun(new ListSource(source), _own.Store));

        IResult result = await handler.HandleAsync(context.Request, durable.Object, CancellationToken.None);

        JsonNode body = JsonSerializer.SerializeToNode(((IValueHttpResult)result).Value, JsonDefaults.Options)!;
        Assert.Equal(status, ((IStatusCodeHttpResult)result).StatusCode ?? 200);
        if (status == 400)
        {
            Assert.Equal("dryRun", body["errors"]![0]!["field"]!.GetValue<string>());
        }
        else
        {
            Assert.Equal((2, 2), (body["report"]!["new"]!.GetValue<int>(), body["report"]!["removed"]!.GetValue<int>()));
        }

        Assert.Empty(durable.Invocations);
    }
}
