using System.Globalization;
using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The initial sync's Marketo source by Bulk Lead Extract (<see cref="MarketoOptions.BulkExtractSince"/> set): every lead,
/// in <c>updatedAt</c> windows of at most 31 days from that moment to the sync's start, one export job per window, one
/// window at a time (so never more than one of Marketo's 2 processing and 10 queued jobs). For each window it creates a
/// job, enqueues it, reads its status after waits that double (the sync pauses on a durable timer meanwhile), then reads
/// the file as it downloads, mapping each row with the REST path's mapping.
/// <para>
/// Resuming: the cursor is the window, the job and the byte offset after the last row handed out, so a resumed read asks
/// for the rest of the file by range and a window whose file was read is never read again. The job itself (id and stage)
/// is kept in the sync checkpoint <see cref="CheckpointName"/> the moment it is created, before it is enqueued, so a
/// crash anywhere between creating and downloading finds the same job again: no second job, no second export quota.
/// </para>
/// <para>
/// Limits: a spent daily export quota (1029) or API quota (607) pauses the sync until the reset, a full queue (1029)
/// pauses it for <see cref="MarketoOptions.ExportMaxPollDelay"/>, a failed or cancelled job pauses it with the reason and
/// a new job is created after <see cref="MarketoOptions.ExportPollDelay"/>; a file found expired (7 days after the job
/// finished), or a recorded job Marketo no longer knows (1003), is exported again. Each pause's reason names the job and the window.
/// </para>
/// </summary>
/// <param name="client">The Marketo client (its options name the export's start).</param>
/// <param name="checkpoints">Where the current export job is recorded.</param>
/// <param name="clock">The clock the run's end of range and the waits come from.</param>
/// <param name="dryRun">
/// Whether this reader serves the dry run, which reads from the start each time: its jobs are recorded in
/// <see cref="DryRunCheckpointName"/> (so it never takes the sync's job), and a read from the start goes on with the last
/// export until every window was read, reading the files of the windows already done again instead of exporting them
/// anew. The sync's read from the start begins a new export (only a first window's job, created just before a crash, is
/// taken again): its range ends at its own start.
/// </param>
/// <param name="switches">
/// The sync settings, for the sync's read from the start: a first window's job created before the sync was last switched
/// back on is not taken again, as its export may predate a change skipped while the sync was off (the fresh run that
/// replaces a superseded one exports anew). Null for the dry run.
/// </param>
public sealed class MarketoBulkPeopleSource(MarketoClient client, SyncCheckpointStore checkpoints, TimeProvider clock, bool dryRun = false, ISyncSettings? switches = null)
    : IPeopleSource, IDisposable
{
    /// <summary>The sync checkpoint (table <c>SyncState</c>, PK <c>checkpoint</c>) holding the sync's current export job.</summary>
    public const string CheckpointName = "marketo-lead-export";

    /// <summary>The checkpoint holding the dry run's export job, apart from the sync's.</summary>
    public const string DryRunCheckpointName = "marketo-lead-export-dry-run";

    /// <summary>How long Marketo keeps a finished job's file.</summary>
    public static readonly TimeSpan FileRetention = TimeSpan.FromDays(7);

    /// <summary>How long a download left open between reads is kept before it is closed (the next read resumes by range).</summary>
    public static readonly TimeSpan IdleDownload = TimeSpan.FromMinutes(2);

    private static readonly IReadOnlyDictionary<string, int> Columns =
        MarketoLeadFields.Exported.Select((name, i) => (name, i)).ToDictionary(c => c.name, c => c.i, StringComparer.Ordinal);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Download? _open;
    private ITimer? _idle;

    /// <summary>An export has no cheap count before its job ran.</summary>
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        DateTimeOffset since = client.Options.BulkExtractSince ?? throw new InvalidOperationException("Bulk extract needs MarketoOptions.BulkExtractSince.");
        await _gate.WaitAsync(cancellationToken);
        try
        {
            ExportJobRecord? recorded = await LoadJobAsync(cancellationToken);
            ExportCursor at = cursor is null
                ? await FromTheStartAsync(recorded, since, cancellationToken)
                : JsonSerializer.Deserialize<ExportCursor>(cursor) ?? throw new FormatException($"Not a bulk extract cursor: {cursor}");
            IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> windows = Windows(since, at.Until);
            if (at.Window >= windows.Count)
            {
                return new SourcePage([], null);
            }

            (DateTimeOffset from, DateTimeOffset to) = windows[at.Window];
            string where = $"leads updated {from:u} to {to:u} (window {at.Window + 1} of {windows.Count})";
            ExportJobRecord? job = JobOf(recorded, at);
            try
            {
                return await ReadWindowAsync(at, job, from, to, where, pageSize, cancellationToken);
            }
            catch (MarketoDailyQuotaException e)
            {
                return new SourcePage([], cursor, e.ResetsAtUtc, e.Message);
            }
            catch (MarketoApiException e) when (e.Code == MarketoErrorCodes.ExportLimit)
            {
                bool quota = e.Message.Contains("quota", StringComparison.OrdinalIgnoreCase);
                DateTime until = quota ? client.QuotaResetsAtUtc : clock.GetUtcNow().UtcDateTime + client.Options.ExportMaxPollDelay;
                string reason = quota
                    ? $"Marketo's daily export quota is spent ({e.Message}); the export of {where} starts after the reset at {until:u}."
                    : $"Marketo's export queue is full ({e.Message}); the export of {where} is enqueued again at {until:u}.";
                return new SourcePage([], cursor, until, reason);
            }
            catch (FormatException e)
            {
                // A file that is not the CSV asked for is an answer of Marketo's that cannot be used, as a broken JSON
                // answer is: the step fails, and a dry run says the source could not be read.
                throw new MarketoApiException(e.Message, e);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _idle?.Dispose();
        _open?.Dispose();
        _gate.Dispose();
    }

    /// <summary>The <c>updatedAt</c> windows from <paramref name="since"/> to <paramref name="until"/>, each at most <see cref="MarketoClient.MaxExportRange"/>.</summary>
    public static IReadOnlyList<(DateTimeOffset From, DateTimeOffset To)> Windows(DateTimeOffset since, DateTimeOffset until)
    {
        var windows = new List<(DateTimeOffset, DateTimeOffset)>();
        for (DateTimeOffset start = since; start < until; start += MarketoClient.MaxExportRange)
        {
            DateTimeOffset end = start + MarketoClient.MaxExportRange;
            windows.Add((start, end < until ? end : until));
        }

        return windows;
    }

    private async Task<SourcePage> ReadWindowAsync(
        ExportCursor at, ExportJobRecord? job, DateTimeOffset from, DateTimeOffset to, string where, int pageSize, CancellationToken cancellationToken)
    {
        if (job is not null && at.ExportId == job.ExportId && _open is { } open && open.ExportId == job.ExportId && open.Reader.Position == at.Offset)
        {
            // Reading on in the open download: its job is known Completed, no status call needed.
            return await ReadFileAsync(at, job, pageSize, recordsReported: null, cancellationToken);
        }

        LeadExportJob status;
        if (job is null || job.Status is LeadExportStatus.Failed)
        {
            status = await client.CreateLeadExportAsync(MarketoLeadFields.Exported, from, to, cancellationToken);
            job = new ExportJobRecord(
                at.Until, at.Window, status.ExportId, LeadExportStatus.Created, 0, job?.Failures ?? 0, job?.Earlier ?? await EarlierAsync(at, cancellationToken), at.SwitchedOnVersion);
            await SaveJobAsync(job, cancellationToken);
        }
        else
        {
            try
            {
                status = await client.GetLeadExportStatusAsync(job.ExportId, cancellationToken);
            }
            catch (MarketoApiException e) when (e.Code == MarketoErrorCodes.InvalidValue || (e.Code == MarketoErrorCodes.ExportLimit && e.Message.Contains("not found", StringComparison.OrdinalIgnoreCase)))
            {
                // Marketo no longer knows the recorded job (jobs are listed for 7 days; 1003, or 1029 "Export Id not
                // found"): export the window again.
                return await ReadWindowAsync(at with { ExportId = null, Offset = 0 }, null, from, to, where, pageSize, cancellationToken);
            }
        }

        DateTime now = clock.GetUtcNow().UtcDateTime;
        switch (status.Status)
        {
            case LeadExportStatus.Created:
                await client.EnqueueLeadExportAsync(job.ExportId, cancellationToken);
                await SaveJobAsync(job with { Status = LeadExportStatus.Queued, Polls = 0 }, cancellationToken);
                return Waiting(at, now + client.Options.ExportPollDelay, $"Marketo export job {job.ExportId} of {where} is queued.");
            case LeadExportStatus.Queued or LeadExportStatus.Processing:
                await SaveJobAsync(job with { Status = status.Status, Polls = job.Polls + 1 }, cancellationToken);
                return Waiting(at, now + PollDelay(job.Polls + 1), $"Marketo export job {job.ExportId} of {where} is {status.Status}.");
            case LeadExportStatus.Completed when status.FinishedAt + FileRetention <= clock.GetUtcNow():
                // The file is gone: export the window again, and read the new file from its start.
                await SaveJobAsync(job with { Status = LeadExportStatus.Failed }, cancellationToken);
                return await ReadWindowAsync(at with { ExportId = null, Offset = 0 }, job with { Status = LeadExportStatus.Failed }, from, to, where, pageSize, cancellationToken);
            case LeadExportStatus.Completed:
                return await ReadFileAsync(at, job, pageSize, status.NumberOfRecords, cancellationToken);
            default:
                int failures = job.Failures + 1;
                await SaveJobAsync(job with { Status = LeadExportStatus.Failed, Failures = failures }, cancellationToken);
                DateTime retry = now + client.Options.ExportPollDelay;
                return Waiting(at, retry,
                    $"Marketo export job {job.ExportId} of {where} ended {status.Status}{(status.ErrorMsg is { } msg ? $": {msg}" : "")} ({failures} failed for this window); a new job is created at {retry:u}.");
        }
    }

    /// <summary>
    /// Why a file's first row is no header of the fields asked for, or null when it is. A file without even its header
    /// row is broken, not an empty window (read as no one, the sweep would remove every sales copy), unless Marketo said
    /// the job found no one. A byte order mark before the header is UTF-8's own and is passed over.
    /// </summary>
    private static string? HeaderProblem(string exportId, IReadOnlyList<string>? header, long? recordsReported)
    {
        if (header is null)
        {
            return recordsReported == 0
                ? null
                : $"Export {exportId}'s file is empty, without the header row, while Marketo reported {recordsReported?.ToString(CultureInfo.InvariantCulture) ?? "no count of"} records.";
        }

        return header.Select((name, i) => i == 0 ? name.TrimStart('\uFEFF') : name).SequenceEqual(MarketoLeadFields.Exported)
            ? null
            : $"Export {exportId}'s columns are {string.Join(',', header)}, not the fields asked for ({string.Join(',', MarketoLeadFields.Exported)}).";
    }

    /// <summary>
    /// Up to <paramref name="pageSize"/> rows of a completed job's file after the cursor's offset, reusing the open
    /// download when it is there; <paramref name="recordsReported"/> is the job's record count, when its status was read.
    /// </summary>
    private async Task<SourcePage> ReadFileAsync(ExportCursor at, ExportJobRecord job, int pageSize, long? recordsReported, CancellationToken cancellationToken)
    {
        long offset = at.ExportId == job.ExportId ? at.Offset : 0;
        if (_open is not { } open || open.ExportId != job.ExportId || open.Reader.Position != offset)
        {
            _open?.Dispose();
            _open = null;
            Stream file = await client.OpenLeadExportFileAsync(job.ExportId, offset, cancellationToken);
            open = new Download(job.ExportId, file, new MarketoCsvReader(file, offset));
            if (offset == 0 && HeaderProblem(job.ExportId, await open.Reader.ReadRowAsync(cancellationToken), recordsReported) is { } broken)
            {
                open.Dispose();
                throw new FormatException(broken);
            }

            _open = open;
        }

        var people = new List<TableEntity>(pageSize);
        while (people.Count < pageSize)
        {
            if (await open.Reader.ReadRowAsync(cancellationToken) is not { } row)
            {
                _open = null;
                open.Dispose();
                await SaveJobAsync(job with { Status = Applied }, cancellationToken);
                return new SourcePage(people, Serialize(at with { Window = at.Window + 1, ExportId = null, Offset = 0 }));
            }

            if (row is not [""])
            {
                people.Add(MarketoLeadFields.ToPerson(Columns, row));
            }
        }

        KeepOpenWhileIdle();
        return new SourcePage(people, Serialize(at with { ExportId = job.ExportId, Offset = open.Reader.Position }));
    }

    /// <summary>Closes a download nobody reads on for <see cref="IdleDownload"/>, freeing its call slot.</summary>
    private void KeepOpenWhileIdle()
    {
        if (_idle is null)
        {
            _idle = clock.CreateTimer(_ => _ = CloseIdleAsync(), null, IdleDownload, Timeout.InfiniteTimeSpan);
        }
        else
        {
            _idle.Change(IdleDownload, Timeout.InfiniteTimeSpan);
        }
    }

    private async Task CloseIdleAsync()
    {
        await _gate.WaitAsync();
        try
        {
            _open?.Dispose();
            _open = null;
        }
        finally
        {
            _gate.Release();
        }
    }

    private TimeSpan PollDelay(int polls)
    {
        TimeSpan delay = client.Options.ExportPollDelay * Math.Pow(2, Math.Min(polls - 1, 20));
        return delay < client.Options.ExportMaxPollDelay ? delay : client.Options.ExportMaxPollDelay;
    }

    private static SourcePage Waiting(ExportCursor at, DateTime until, string reason) => new([], Serialize(at), until, reason);

    private static DateTimeOffset WholeSeconds(DateTimeOffset at) => new(at.UtcTicks - (at.UtcTicks % TimeSpan.TicksPerSecond), TimeSpan.Zero);

    private static string Serialize(ExportCursor at) => JsonSerializer.Serialize(at);

    private string CheckpointOfJobs => dryRun ? DryRunCheckpointName : CheckpointName;

    private async Task<ExportJobRecord?> LoadJobAsync(CancellationToken cancellationToken) =>
        (await checkpoints.GetAsync(CheckpointOfJobs, cancellationToken)).Token is { } token ? JsonSerializer.Deserialize<ExportJobRecord>(token) : null;

    /// <summary>
    /// Records <paramref name="job"/>; the job of a window before the recorded one (the dry run reading a finished window
    /// again) only updates that window's export id in the record, so the record still says how far the export got.
    /// </summary>
    private async Task SaveJobAsync(ExportJobRecord job, CancellationToken cancellationToken)
    {
        if (await LoadJobAsync(cancellationToken) is { } recorded && recorded.Until == job.Until && job.Window < recorded.Window && recorded.Earlier is { } earlier)
        {
            job = recorded with { Earlier = [.. earlier.Select((id, window) => window == job.Window ? job.ExportId : id)] };
        }

        await checkpoints.SetAsync(CheckpointOfJobs, JsonSerializer.Serialize(job), cancellationToken);
    }

    /// <summary>
    /// Where a read from the start begins: with the recorded export (the dry run's while a window is left to read and
    /// every finished window's job is known; the sync's only for a first window's job not read yet, created since the
    /// sync was last switched back on), or with a new export whose range ends now.
    /// </summary>
    private async Task<ExportCursor> FromTheStartAsync(ExportJobRecord? recorded, DateTimeOffset since, CancellationToken cancellationToken)
    {
        int switchedOn = switches is null ? 0 : (await switches.GetAsync(cancellationToken)).SwitchedOnVersion;
        bool goesOn = recorded is not null && (dryRun
            ? recorded.Earlier?.Count == recorded.Window && (recorded.Status != Applied || recorded.Window + 1 < Windows(since, recorded.Until).Count)
            : recorded is { Window: 0, Status: not Applied } && recorded.SwitchedOnVersion == switchedOn);
        return new ExportCursor(goesOn ? recorded!.Until : WholeSeconds(clock.GetUtcNow()), 0, null, 0, switchedOn);
    }

    /// <summary>
    /// The job of the cursor's window: the recorded job when it is that window's, the recorded export of a finished
    /// window before it (its status is read before its file is), or none (a job is created). A read begun under another
    /// sync switch never takes the recorded job, even when its range ends in the same second.
    /// </summary>
    private static ExportJobRecord? JobOf(ExportJobRecord? recorded, ExportCursor at)
    {
        if (recorded is null || recorded.Until != at.Until || recorded.SwitchedOnVersion != at.SwitchedOnVersion)
        {
            return null;
        }

        if (recorded.Window == at.Window)
        {
            return recorded;
        }

        return at.Window < recorded.Window && recorded.Earlier is { } earlier && at.Window < earlier.Count
            ? new ExportJobRecord(at.Until, at.Window, earlier[at.Window], LeadExportStatus.Completed, 0, 0, [.. earlier.Take(at.Window)])
            : null;
    }

    /// <summary>The export ids of the windows before the cursor's, as recorded for the same range; null when not all are known.</summary>
    private async Task<IReadOnlyList<string>?> EarlierAsync(ExportCursor at, CancellationToken cancellationToken) =>
        await LoadJobAsync(cancellationToken) is { } recorded && recorded.Until == at.Until && recorded.Window + 1 == at.Window && recorded.Earlier?.Count == recorded.Window
            ? [.. recorded.Earlier, recorded.ExportId]
            : at.Window == 0 ? [] : null;

    /// <summary>The record's stage once the whole file was handed out.</summary>
    private const string Applied = "Applied";

    /// <summary>Where the read is: the sync's end of range, the window, and the job and byte offset of the rows handed out so far.</summary>
    /// <remarks><see cref="SwitchedOnVersion"/>: the sync switch the read began under, kept with the jobs it creates.</remarks>
    private sealed record ExportCursor(DateTimeOffset Until, int Window, string? ExportId, long Offset, int SwitchedOnVersion = 0);

    /// <summary>
    /// The job of a window, kept from its creation on: its stage, status reads so far, the failed jobs of the window
    /// before it, and the export ids of the windows before it (<see cref="Earlier"/>[i] is window i's; null in a record
    /// written before they were kept).
    /// </summary>
    private sealed record ExportJobRecord(
        DateTimeOffset Until, int Window, string ExportId, string Status, int Polls, int Failures, IReadOnlyList<string>? Earlier = null, int SwitchedOnVersion = 0);

    private sealed class Download(string exportId, Stream file, MarketoCsvReader reader) : IDisposable
    {
        public string ExportId => exportId;

        public MarketoCsvReader Reader => reader;

        public void Dispose()
        {
            reader.Dispose();
            file.Dispose();
        }
    }
}
