using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Activities.Sync;
using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Handlers.Sync;
using JourneyFunctions.Storage.People;
using JourneyFunctions.Storage.Sync;
using Microsoft.Extensions.Logging.Abstractions;

namespace JourneyFunctions.Sync.Tests;

/// <summary>Rows the sync cannot copy are kept with the reason, retried by every later run until copied, and each run is in the history.</summary>
public sealed class SyncRejectionsTests
{
    /// <summary>One full run as the orchestration makes it: start, one page over the whole source, end.</summary>
    private static async Task<SyncRunRecord> RunAsync(SyncData data, IReadOnlyList<TableEntity> source)
    {
        string runId = Guid.NewGuid().ToString("N");
        var runs = new SyncRunStore(data.Storage, data.Prefix, TimeProvider.System);
        DateTimeOffset started = await runs.StartAsync(runId);
        SyncPageResult page = await new SyncInitialPageActivity(new ListSource(source), data.Sales, data.Rejections, data.Settings, TimeProvider.System)
            .RunAsync(new SyncPageRequest(null, 10_000, runId), CancellationToken.None);
        var progress = new SyncProgress { RunId = runId, RunStartedAt = started }.After(page);
        await new EndSyncRunActivity(data.Rejections, runs).RunAsync(progress, CancellationToken.None);
        var (history, _) = await runs.ListAsync(null, 10);
        return history.Single(r => r.RunId == runId);
    }

    private static async Task<List<StoredSyncRejection>> RejectionsAsync(SyncData data) => [.. (await data.Rejections.ListAsync(null, 100)).Rejections];

    [Fact]
    public async Task Bad_rows_are_kept_with_the_reason_retried_by_the_next_run_and_cleared_once_copied()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity badKey = data.Person(1, 5);
        badKey.RowKey = data.Prefix + "/1#";
        TableEntity notText = data.Person(2, 5);
        notText[PersonFields.Phone] = 42;
        TableEntity oversized = data.Person(3, 5, title: new string('x', SalesPerson.MaxFieldLength + 1));

        SyncRunRecord first = await RunAsync(data, [data.Person(0, 5), badKey, notText, oversized]);
        List<StoredSyncRejection> kept = await RejectionsAsync(data);
        SyncRunRecord second = await RunAsync(data, [data.Person(0, 5), badKey, data.Person(2, 6), oversized]);
        List<StoredSyncRejection> left = await RejectionsAsync(data);

        Assert.Equal((4L, 1L, 3L, "Completed"), (first.Eligible, first.Written, first.Rejected, first.Status));
        Assert.Equal(
            new[] { (badKey.RowKey, "MarketoId"), (data.Id(2), PersonFields.Phone), (data.Id(3), PersonFields.Title) }.Order(),
            kept.Select(r => (r.MarketoId, r.Field)).Order());
        Assert.Contains("at most 4000", kept.Single(r => r.Field == PersonFields.Title).Reason, StringComparison.Ordinal);
        Assert.All(kept, r => Assert.Equal(1, r.Attempts));
        Assert.Equal((2L, 1L), (second.Rejected, second.RejectionsCleared));
        Assert.Equal(new[] { badKey.RowKey, data.Id(3) }.Order(), left.Select(r => r.MarketoId).Order());
        Assert.All(left, r => Assert.Equal(2, r.Attempts));
        Assert.NotNull(await data.Sales.GetAsync(data.Id(2)));
        Assert.NotNull(second.DurationSeconds);
    }

    [Fact]
    public async Task The_history_lists_runs_newest_first_and_a_change_the_handler_cannot_copy_is_kept_until_a_run_copies_it()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity bad = data.Person(0, 5);
        bad[PersonFields.Email] = true;
        await data.PutPeopleAsync(bad);
        string message = JsonSerializer.Serialize(new PersonChange(data.Account, data.Id(0), 5, [PersonFields.Email]), JsonDefaults.Options);

        await data.ChangeHandler().HandleAsync(message, SyncData.NoRuns, CancellationToken.None);
        StoredSyncRejection kept = Assert.Single(await RejectionsAsync(data));
        SyncRunRecord older = await RunAsync(data, [bad]);
        SyncRunRecord newer = await RunAsync(data, [data.Person(0, 6)]);
        var (history, _) = await new SyncRunStore(data.Storage, data.Prefix, TimeProvider.System).ListAsync(null, 10);

        Assert.Equal((SyncRejectionStore.Incremental, PersonFields.Email), (kept.RunId, kept.Field));
        Assert.Equal(1, older.Rejected);
        Assert.Equal(1, newer.RejectionsCleared);
        Assert.Empty(await RejectionsAsync(data));
        Assert.Equal([newer.RunId, older.RunId], history.Select(r => r.RunId));
    }

    [Fact]
    public async Task A_person_the_change_handler_rejected_leaves_the_list_once_a_later_change_copies_or_removes_them()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity fixedLater = data.Person(0, 5);
        fixedLater[PersonFields.Email] = true;
        TableEntity ownerLost = data.Person(1, 5);
        ownerLost[PersonFields.Email] = true;
        TableEntity stillBad = data.Person(2, 5);
        stillBad[PersonFields.Email] = true;
        await data.PutPeopleAsync(fixedLater, ownerLost, stillBad);
        string Change(long version) => JsonSerializer.Serialize(new PersonChange(data.Account, null, version, [PersonFields.Email], MarketoIds: [data.Id(0), data.Id(1), data.Id(2)]), JsonDefaults.Options);
        await data.ChangeHandler().HandleAsync(Change(5), SyncData.NoRuns, CancellationToken.None);
        int rejected = (await RejectionsAsync(data)).Count;

        await data.PutPeopleAsync(data.Person(0, 6), data.Person(1, 6, owned: false), stillBad);
        await data.ChangeHandler().HandleAsync(Change(6), SyncData.NoRuns, CancellationToken.None);

        Assert.Equal(3, rejected);
        Assert.Equal([data.Id(2)], (await RejectionsAsync(data)).Select(r => r.MarketoId));
        Assert.NotNull(await data.Sales.GetAsync(data.Id(0)));
    }

    [Fact]
    public async Task A_rejection_recorded_after_the_change_handler_read_the_person_is_not_cleared_by_it()
    {
        SyncData data = await SyncData.CreateAsync();
        DateTimeOffset readBefore = DateTimeOffset.UtcNow - TimeSpan.FromSeconds(5); // a handler that read before the newer write
        await data.Rejections.RecordAsync([new SyncRejection(data.Id(0), data.Account, PersonFields.Title, "is too long")], SyncRejectionStore.Incremental);

        int keptForNewer = await data.Rejections.ClearAsync([data.Id(0)], readBefore);
        int cleared = await data.Rejections.ClearAsync([data.Id(0)], DateTimeOffset.UtcNow + TimeSpan.FromSeconds(5));

        Assert.Equal((0, 1), (keptForNewer, cleared));
        Assert.Empty(await RejectionsAsync(data));
    }

    [Fact]
    public async Task A_run_ended_before_its_last_page_is_recorded_superseded_and_clears_no_rejection()
    {
        SyncData data = await SyncData.CreateAsync();
        TableEntity notText = data.Person(1, 5);
        notText[PersonFields.Phone] = 42;
        await RunAsync(data, [data.Person(0, 5), notText]);
        string runId = Guid.NewGuid().ToString("N");
        var runs = new SyncRunStore(data.Storage, data.Prefix, TimeProvider.System);
        DateTimeOffset started = await runs.StartAsync(runId);
        SyncPageResult page = await new SyncInitialPageActivity(new ListSource([data.Person(0, 5), data.Person(1, 6)]), data.Sales, data.Rejections, data.Settings, TimeProvider.System)
            .RunAsync(new SyncPageRequest(null, 1, runId), CancellationToken.None);

        // Person 1, rejected before, was not read again: the rejection stays for a run that reads everyone.
        int cleared = await new EndSyncRunActivity(data.Rejections, runs).RunAsync(new SyncProgress { RunId = runId, RunStartedAt = started }.After(page), CancellationToken.None);

        SyncRunRecord record = (await runs.ListAsync(null, 10)).Runs.Single(r => r.RunId == runId);
        Assert.Equal((0, SyncRunRecord.Superseded, 1L), (cleared, record.Status, record.Read));
        Assert.NotNull(record.EndedAt);
        Assert.Single(await RejectionsAsync(data));
    }
}
