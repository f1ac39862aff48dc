using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.FakeMarketo;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Sync;
using JourneyFunctions.Testing;
using Moq;

namespace JourneyFunctions.Marketo.Tests;

/// <summary>
/// The Bulk Lead Extract source against the fake's export jobs and their limits: windows of at most 31 days, the same
/// mapping as the REST read, a crash between enqueue and download resuming the same job, a resumed download reading
/// only the rest of the file, a spent export quota, a full queue and a failed job pausing with the reason. Each test
/// keeps the job checkpoint in its own table.
/// </summary>
[Trait("Tier", "Integration")] // Azurite
public sealed class BulkLeadExtractTests : IAsyncLifetime
{
    private static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly FakeMarketoLimits FastJobs = new() { ExportProcessingTime = TimeSpan.FromMilliseconds(100) };

    private readonly StorageAccount _storage = new(TestStorage.ConnectionString);
    private TableClient _state = null!;
    private SyncCheckpointStore _checkpoints = null!;

    public async Task InitializeAsync()
    {
        _state = _storage.Table("Bulk" + Guid.NewGuid().ToString("N")[..12]);
        await _state.CreateIfNotExistsAsync();
        _checkpoints = new SyncCheckpointStore(_state);
    }

    public async Task DisposeAsync() => await _state.DeleteAsync();

    /// <summary>Lead <paramref name="id"/> last updated <paramref name="day"/> days after <see cref="Since"/>.</summary>
    private static JsonObject Lead(int id, double day)
    {
        JsonObject lead = MarketoFixture.Lead(id);
        lead["updatedAt"] = (Since + TimeSpan.FromDays(day)).UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        return lead;
    }

    private MarketoBulkPeopleSource Source(MarketoFixture marketo, out MarketoClient client, bool dryRun = false, DateTimeOffset? since = null, int? switchedOnVersion = null)
    {
        client = marketo.Client(marketo.Options() with
        {
            BulkExtractSince = since ?? Since,
            ExportPollDelay = TimeSpan.FromMilliseconds(50),
            ExportMaxPollDelay = TimeSpan.FromMilliseconds(200),
        });
        return new MarketoBulkPeopleSource(client, _checkpoints, TimeProvider.System, dryRun, switchedOnVersion is { } version ? Switches(version) : null);
    }

    /// <summary>Sync settings last switched back on at <paramref name="version"/>.</summary>
    private static ISyncSettings Switches(int version)
    {
        var settings = new Mock<ISyncSettings>();
        settings.Setup(s => s.GetAsync(It.IsAny<CancellationToken>()))
            .ReturnsAsync(new StoredSyncSettings(new SyncSettings(), version, DateTimeOffset.UnixEpoch, "admin") { SwitchedOnVersion = version });
        return settings.Object;
    }

    /// <summary>Reads the source to its end as the sync's steps would, waiting out short pauses; the people read by Marketo ID.</summary>
    private static async Task<Dictionary<string, TableEntity>> ReadAllAsync(MarketoBulkPeopleSource source, string? cursor = null, int pageSize = 1000)
    {
        var people = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        for (int reads = 0; reads < 500; reads++)
        {
            SourcePage page = await source.ReadPageAsync(cursor, pageSize, CancellationToken.None);
            if (page.PausedUntilUtc is { } until)
            {
                Assert.True(until < DateTime.UtcNow.AddSeconds(5), page.PauseReason);
                await Task.Delay(until - DateTime.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
                continue;
            }

            foreach (TableEntity person in page.People)
            {
                people[person.RowKey] = person;
            }

            if (page.NextCursor is null)
            {
                return people;
            }

            cursor = page.NextCursor;
        }

        throw new InvalidOperationException("The export did not end.");
    }

    [Fact]
    public async Task A_dry_run_reader_records_its_own_job_and_leaves_the_sync_s_alone()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads([.. Enumerable.Range(1, 20).Select(id => Lead(id, id))]);
        MarketoBulkPeopleSource sync = Source(marketo, out MarketoClient client);
        var dryRun = new MarketoBulkPeopleSource(client, _checkpoints, TimeProvider.System, dryRun: true);

        SourcePage waiting = await sync.ReadPageAsync(null, 1000, CancellationToken.None);
        string? syncJob = (await _checkpoints.GetAsync(MarketoBulkPeopleSource.CheckpointName, CancellationToken.None)).Token;
        Dictionary<string, TableEntity> previewed = await ReadAllAsync(dryRun);

        Assert.NotNull(waiting.PausedUntilUtc); // the sync's job is exporting
        Assert.Equal(syncJob, (await _checkpoints.GetAsync(MarketoBulkPeopleSource.CheckpointName, CancellationToken.None)).Token);
        Assert.NotNull((await _checkpoints.GetAsync(MarketoBulkPeopleSource.DryRunCheckpointName, CancellationToken.None)).Token);
        Assert.Equal(20, previewed.Count);
        Assert.Equal(20, (await ReadAllAsync(sync, waiting.NextCursor)).Count);
        Assert.Empty(marketo.Server.Violations);
    }

    [Fact]
    public async Task A_dry_run_read_again_from_the_start_goes_on_with_its_export_until_every_window_was_read()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        DateTimeOffset since = DateTimeOffset.UtcNow.AddDays(-70); // three windows
        marketo.Server.AddLeads([.. Enumerable.Range(1, 60).Select(id => Lead(id, (since - Since).TotalDays + id))]);
        using MarketoBulkPeopleSource dryRun = Source(marketo, out _, dryRun: true, since);
        int windows = MarketoBulkPeopleSource.Windows(since, DateTimeOffset.UtcNow).Count;

        // Each dry run reads from the start until the source pauses or ends, as SyncDryRun does.
        var people = new HashSet<string>(StringComparer.Ordinal);
        bool complete = false;
        for (int repeat = 0; repeat < 60 && !complete; repeat++)
        {
            people.Clear();
            string? cursor = null;
            do
            {
                SourcePage page = await dryRun.ReadPageAsync(cursor, 1000, CancellationToken.None);
                if (page.PausedUntilUtc is { } until)
                {
                    await Task.Delay(until - DateTime.UtcNow is { Ticks: > 0 } wait ? wait : TimeSpan.Zero);
                    break;
                }

                people.UnionWith(page.People.Select(p => p.RowKey));
                cursor = page.NextCursor;
                complete = cursor is null;
            }
            while (cursor is not null);
        }

        Assert.True(complete, "the repeated dry runs never read the last window");
        Assert.Equal(60, people.Count);
        Assert.Equal(windows, marketo.Server.Exports.Count); // each window exported once, its file read again by later runs

        await Task.Delay(TimeSpan.FromSeconds(1.1)); // a range ends at a whole second: the next one ends later
        SourcePage next = await dryRun.ReadPageAsync(null, 1000, CancellationToken.None);

        Assert.NotNull(next.PausedUntilUtc); // after a complete run, the next one exports anew
        Assert.Equal(windows + 1, marketo.Server.Exports.Count);
        Assert.Empty(marketo.Server.Violations);
    }

    [Fact]
    public void Windows_cover_the_range_in_spans_of_at_most_31_days()
    {
        IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows = MarketoBulkPeopleSource.Windows(Since, Since.AddDays(70).AddHours(3));

        Assert.Equal([31d, 31d, 8.125], windows.Select(w => (w.To - w.From).TotalDays));
        Assert.Equal(Since, windows[0].From);
        Assert.All(windows.Skip(1).Zip(windows), pair => Assert.Equal(pair.Second.To, pair.First.From));
        Assert.Equal(Since.AddDays(70).AddHours(3), windows[^1].To);
    }

    [Fact]
    public async Task Every_lead_is_read_in_31_day_windows_and_mapped_as_the_REST_read_maps_it()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        JsonObject[] leads = [.. Enumerable.Range(1, 200).Select(id => Lead(id, id % 100))];
        leads[0]["firstName"] = "Zoë, \"the\"\r\nfirst";
        leads[1]["title"] = null;
        leads[2]["unsubscribed"] = true;
        marketo.Server.AddLeads(leads);
        MarketoBulkPeopleSource source = Source(marketo, out _);

        Dictionary<string, TableEntity> people = await ReadAllAsync(source, pageSize: 64);

        Assert.Equal(200, people.Count);
        int windows = MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count;
        Assert.Equal(windows, marketo.Server.Exports.Count);
        Assert.All(marketo.Server.Exports, e => Assert.Equal("Completed", e.Status));
        Assert.Empty(marketo.Server.Violations);
        foreach (JsonObject lead in leads)
        {
            TableEntity rest = MarketoLeadFields.ToPerson(JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(lead.ToJsonString())!);
            TableEntity bulk = people[rest.RowKey];
            Assert.Equal(rest.Keys.Order(), bulk.Keys.Order());
            Assert.All(rest.Keys.Where(k => k != "odata.etag"), key => Assert.Equal(rest[key], bulk[key]));
        }

        Assert.Equal("Zoë, \"the\"\r\nfirst", people["1"]["FirstName"]);
        Assert.True((bool)people["3"]["Unsubscribed"]);
    }

    [Fact]
    public async Task An_empty_export_file_is_a_broken_file_not_a_window_without_leads()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads([Lead(1, 1)]);
        marketo.Server.RewriteExportFiles(_ => []);

        // Read as no one, the run's sweep would remove every sales copy.
        // A source failure (a dry run's 503 sourceUnavailable), carrying the reason, and never a permanent refusal.
        MarketoApiException broken = await Assert.ThrowsAsync<MarketoApiException>(() => ReadAllAsync(Source(marketo, out _)));
        Assert.IsType<FormatException>(broken.InnerException);

        Assert.Contains("is empty, without the header row", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_empty_export_file_of_a_job_Marketo_says_found_no_one_is_a_window_without_leads()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.RewriteExportFiles(_ => []);

        Dictionary<string, TableEntity> people = await ReadAllAsync(Source(marketo, out _));

        Assert.Empty(people);
        Assert.All(marketo.Server.Exports, e => Assert.Equal("Completed", e.Status));
    }

    [Fact]
    public async Task A_byte_order_mark_before_the_header_is_passed_over()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads([.. Enumerable.Range(1, 20).Select(id => Lead(id, id))]);
        marketo.Server.RewriteExportFiles(file => [0xEF, 0xBB, 0xBF, .. file]);

        Dictionary<string, TableEntity> people = await ReadAllAsync(Source(marketo, out _));

        Assert.Equal(20, people.Count);
    }

    [Fact]
    public async Task A_crash_between_enqueue_and_download_resumes_the_same_job()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs with { ExportProcessingTime = TimeSpan.FromMilliseconds(300) });
        marketo.Server.AddLeads(Enumerable.Range(1, 50).Select(id => Lead(id, 300 + (id % 10))));
        int windows = MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count;

        // The first process creates and enqueues the first window's job, then dies while the job runs (its step never returned a cursor).
        using (MarketoBulkPeopleSource first = Source(marketo, out _))
        {
            SourcePage queued = await first.ReadPageAsync(null, 1000, CancellationToken.None);
            Assert.Contains("queued", queued.PauseReason, StringComparison.Ordinal);
        }

        string exportId = Assert.Single(marketo.Server.Exports).ExportId;
        Assert.Contains(exportId, (await _checkpoints.GetAsync(MarketoBulkPeopleSource.CheckpointName)).Token, StringComparison.Ordinal);

        using MarketoBulkPeopleSource second = Source(marketo, out _);
        Dictionary<string, TableEntity> people = await ReadAllAsync(second);

        Assert.Equal(50, people.Count);
        Assert.Equal(exportId, marketo.Server.Exports[0].ExportId);
        Assert.Equal(windows, marketo.Server.Exports.Count); // one job per window: none made twice
        Assert.Equal(marketo.Server.ExportBytesServed, marketo.Server.ExportBytesToday); // each file downloaded once
    }

    [Fact]
    public async Task A_read_from_the_start_after_the_sync_was_switched_back_on_exports_anew_instead_of_taking_back_the_first_window_s_job()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads(Enumerable.Range(1, 20).Select(id => Lead(id, id)));
        async Task<SourcePage> FirstPeopleAsync(MarketoBulkPeopleSource source)
        {
            while (true)
            {
                SourcePage page = await source.ReadPageAsync(null, 5, CancellationToken.None);
                if (page.PausedUntilUtc is null)
                {
                    return page;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }

        // A run reads the first window's first page; a step from the start under the same switch (its first step
        // retried) takes the same job again.
        using (MarketoBulkPeopleSource run = Source(marketo, out _, switchedOnVersion: 1))
        {
            Assert.Equal(5, (await FirstPeopleAsync(run)).People.Count);
        }

        using (MarketoBulkPeopleSource retried = Source(marketo, out _, switchedOnVersion: 1))
        {
            Assert.Equal(5, (await FirstPeopleAsync(retried)).People.Count);
        }

        Assert.Single(marketo.Server.Exports);

        // Switched off and on: the fresh run that replaces the superseded one exports its first window anew (its
        // export would see a change skipped while the sync was off; the recorded one may predate it).
        using MarketoBulkPeopleSource fresh = Source(marketo, out _, switchedOnVersion: 2);
        Dictionary<string, TableEntity> people = await ReadAllAsync(fresh);

        Assert.Equal(20, people.Count);
        Assert.Equal(1 + MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count, marketo.Server.Exports.Count); // the first window twice
        Assert.Empty(marketo.Server.Violations);
    }

    [Fact]
    public async Task A_recorded_job_Marketo_answers_1029_not_found_for_is_exported_again()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads(Enumerable.Range(1, 50).Select(id => Lead(id, 300 + (id % 10))));
        using (MarketoBulkPeopleSource first = Source(marketo, out _))
        {
            Assert.NotNull((await first.ReadPageAsync(null, 1000, CancellationToken.None)).PausedUntilUtc); // the first window's job is queued
        }

        string exportId = Assert.Single(marketo.Server.Exports).ExportId;
        marketo.Server.InjectError(1029, $"Export Id {exportId} not found"); // the status read of the recorded job
        using MarketoBulkPeopleSource second = Source(marketo, out _);
        Dictionary<string, TableEntity> people = await ReadAllAsync(second);

        Assert.Equal(50, people.Count);
        Assert.Equal(MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count + 1, marketo.Server.Exports.Count); // the first window twice
    }

    [Fact]
    public async Task A_download_resumed_after_a_crash_reads_only_the_rest_of_the_file()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads(Enumerable.Range(1, 300).Select(id => Lead(id, 300)));
        var read = new Dictionary<string, TableEntity>(StringComparer.Ordinal);
        string? cursor = null;
        using (MarketoBulkPeopleSource first = Source(marketo, out _))
        {
            // Up to the first page of the window that holds the leads (earlier windows are empty files).
            while (read.Count == 0)
            {
                SourcePage page = await first.ReadPageAsync(cursor, 100, CancellationToken.None);
                if (page.PausedUntilUtc is { } until)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                    continue;
                }

                page.People.ToList().ForEach(p => read[p.RowKey] = p);
                cursor = page.NextCursor;
            }
        }

        long servedBefore = marketo.Server.ExportBytesServed;
        using MarketoBulkPeopleSource second = Source(marketo, out _);
        Dictionary<string, TableEntity> rest = await ReadAllAsync(second, cursor, 100);

        Assert.Equal(100, read.Count);
        Assert.Equal(200, rest.Count);
        Assert.Empty(read.Keys.Intersect(rest.Keys));
        long fileBytes = marketo.Server.ExportBytesToday;
        Assert.InRange(marketo.Server.ExportBytesServed, fileBytes + 1, (fileBytes * 2) - 1); // the rest by range, not the whole file again
        Assert.Equal(MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count, marketo.Server.Exports.Count);
        Assert.True(servedBefore > 0);
    }

    [Fact]
    public async Task A_spent_daily_export_quota_pauses_until_the_reset_and_creates_no_job()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs with { ExportDailyQuotaBytes = 1000 });
        marketo.Server.AddLeads([Lead(1, 3)]);
        marketo.Server.SpendExportQuota(1000);
        MarketoBulkPeopleSource source = Source(marketo, out MarketoClient client);

        SourcePage page = await source.ReadPageAsync(null, 1000, CancellationToken.None);

        Assert.Empty(page.People);
        Assert.Equal(client.QuotaResetsAtUtc, page.PausedUntilUtc);
        Assert.Contains("Export daily quota exceeded", page.PauseReason, StringComparison.Ordinal);
        Assert.Contains("window 1 of", page.PauseReason, StringComparison.Ordinal);
        Assert.Empty(marketo.Server.Exports);
    }

    [Fact]
    public async Task A_full_export_queue_pauses_and_the_job_is_enqueued_later()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs with { MaxQueuedExports = 1, ExportProcessingTime = TimeSpan.FromSeconds(3) });
        marketo.Server.AddLeads([Lead(1, 3)]);
        MarketoBulkPeopleSource source = Source(marketo, out MarketoClient client);
        LeadExportJob other = await client.CreateLeadExportAsync(["id"], Since, Since.AddDays(1), CancellationToken.None);
        await client.EnqueueLeadExportAsync(other.ExportId, CancellationToken.None);

        SourcePage page = await source.ReadPageAsync(null, 1000, CancellationToken.None);
        Dictionary<string, TableEntity> people = await ReadAllAsync(source);

        Assert.Contains("Too many jobs in queue", page.PauseReason, StringComparison.Ordinal);
        Assert.Single(people);
        Assert.All(marketo.Server.Exports, e => Assert.Equal("Completed", e.Status));
    }

    [Fact]
    public async Task A_failed_job_pauses_with_its_reason_and_a_new_job_exports_the_window()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads([Lead(1, 3), Lead(2, 4)]);
        marketo.Server.FailNextExports(1);
        MarketoBulkPeopleSource source = Source(marketo, out _);
        var reasons = new List<string>();
        string? cursor = null;
        var people = new List<TableEntity>();
        while (true)
        {
            SourcePage page = await source.ReadPageAsync(cursor, 1000, CancellationToken.None);
            if (page.PausedUntilUtc is { } until)
            {
                reasons.Add(page.PauseReason!);
                await Task.Delay(TimeSpan.FromMilliseconds(100));
                continue;
            }

            people.AddRange(page.People);
            if ((cursor = page.NextCursor) is null)
            {
                break;
            }
        }

        string failedJob = marketo.Server.Exports[0].ExportId;
        Assert.Equal("Failed", marketo.Server.Exports[0].Status);
        Assert.Contains(reasons, r => r.Contains(failedJob, StringComparison.Ordinal) && r.Contains("ended Failed: Export failed (injected)", StringComparison.Ordinal));
        Assert.Equal(2, people.Count);
        Assert.Equal("Completed", marketo.Server.Exports[1].Status);
    }

    [Fact]
    public async Task A_window_whose_file_expired_is_exported_again()
    {
        await using MarketoFixture marketo = await MarketoFixture.StartAsync(limits: FastJobs);
        marketo.Server.AddLeads(Enumerable.Range(1, 20).Select(id => Lead(id, 2)));
        MarketoBulkPeopleSource first = Source(marketo, out _);
        SourcePage page;
        do
        {
            page = await first.ReadPageAsync(null, 5, CancellationToken.None);
            await Task.Delay(page.PausedUntilUtc is null ? TimeSpan.Zero : TimeSpan.FromMilliseconds(100));
        }
        while (page.PausedUntilUtc is not null);

        first.Dispose();
        marketo.Server.AgeExports(TimeSpan.FromDays(8));
        using MarketoBulkPeopleSource second = Source(marketo, out _);
        Dictionary<string, TableEntity> rest = await ReadAllAsync(second, page.NextCursor, 5);

        Assert.Equal(5, page.People.Count);
        Assert.Equal(20, rest.Count); // the new file is read from its start
        Assert.Equal(MarketoBulkPeopleSource.Windows(Since, DateTimeOffset.UtcNow).Count + 1, marketo.Server.Exports.Count);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(1 << 16)]
    public async Task The_CSV_reader_reads_quoted_fields_and_reports_where_each_row_ends(int chunk)
    {
        string csv = "id,firstName,title\r\n1,\"a, b\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",é€\n3,,\"\"\n\n4,last,";
        byte[] bytes = Encoding.UTF8.GetBytes(csv);
        var rows = new List<(IReadOnlyList<string> Row, long End)>();
        using (var reader = new MarketoCsvReader(new ChunkedStream(bytes, chunk), 0))
        {
            while (await reader.ReadRowAsync(CancellationToken.None) is { } row)
            {
                rows.Add((row, reader.Position));
            }
        }

        Assert.Equal(["id", "firstName", "title"], rows[0].Row);
        Assert.Equal(["1", "a, b", "say \"hi\""], rows[1].Row);
        Assert.Equal(["2", "two\nlines", "é€"], rows[2].Row);
        Assert.Equal(["3", "", ""], rows[3].Row);
        Assert.Equal([""], rows[4].Row);
        Assert.Equal(["4", "last", ""], rows[5].Row);
        Assert.Equal(bytes.Length, rows[^1].End);

        // Resuming at a row's end reads on from the next row, as a ranged download does.
        using var resumed = new MarketoCsvReader(new MemoryStream(bytes[(int)rows[1].End..]), rows[1].End);
        Assert.Equal(["2", "two\nlines", "é€"], await resumed.ReadRowAsync(CancellationToken.None));
        Assert.Equal(rows[2].End, resumed.Position);
    }

    [Fact]
    public async Task An_unclosed_quote_is_a_broken_file()
    {
        using var reader = new MarketoCsvReader(new MemoryStream(Encoding.UTF8.GetBytes("id\n\"1")), 0);
        await reader.ReadRowAsync(CancellationToken.None);
        await Assert.ThrowsAsync<FormatException>(async () => await reader.ReadRowAsync(CancellationToken.None));
    }

    /// <summary>A stream that hands out at most <paramref name="chunk"/> bytes per read, as a network download may.</summary>
    private sealed class ChunkedStream(byte[] bytes, int chunk) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(chunk, buffer.Length)], cancellationToken);
    }
}
