using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// What a full initial sync would do, without doing it: reads the source from the start (at most a bound of people),
/// keeps and maps the sales-owned people as a sync step does (<see cref="SalesPerson.IsEligible"/>,
/// <see cref="SalesPerson.Problem"/>, <see cref="SalesPerson.From"/>), and compares each copy with the stored row by
/// the same version rule as the write. Only reads: nothing is written to the sales copy, its email index or the
/// rejections. Removals (the end-of-run sweep) are counted only when the read reached the source's end.
/// </summary>
public sealed class SyncDryRun(IPeopleSource source, SalesPeopleStore sales)
{
    /// <summary>The most people one dry run reads from the source.</summary>
    public const int MaxPeople = 10_000;

    /// <summary>The most live sales rows one dry run reads to count removals.</summary>
    public const int MaxSalesScanned = 100_000;

    /// <summary>The most Marketo IDs (or rejections) listed per outcome.</summary>
    public const int MaxSamples = 100;

    /// <summary>People per source read, as a sync step reads.</summary>
    private const int ReadSize = 1000;

    public async Task<SyncDryRunReport> RunAsync(int maxPeople, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPeople, 1);
        var report = new SyncDryRunReport();
        var copied = new HashSet<string>(StringComparer.Ordinal);
        string? cursor = null;
        bool cut = false;
        do
        {
            SourcePage page = await source.ReadPageAsync(cursor, Math.Min(ReadSize, maxPeople - (int)report.Read), cancellationToken);
            if (page.PausedUntilUtc is not null)
            {
                report.PausedUntil = page.PausedUntilUtc.WithOffset();
                report.PauseReason = page.PauseReason;
                break;
            }

            // A source may hand over more than asked (the table source reads a page from each of its tables): the
            // bound counts people, so the rest of such a page is left unread, as the source's end not reached.
            int room = maxPeople - (int)report.Read;
            IReadOnlyList<TableEntity> people = page.People.Count > room ? [.. page.People.Take(room)] : page.People;
            cut = people.Count < page.People.Count;
            report.Read += people.Count;
            var copies = new List<TableEntity>();
            foreach (TableEntity person in people.Where(SalesPerson.IsEligible))
            {
                report.Eligible++;
                if (SalesPerson.Problem(person) is { } problem)
                {
                    report.Rejected++;
                    AddSample(report.Samples.Rejected, problem);
                }
                else if (copied.Add(person.RowKey))
                {
                    copies.Add(SalesPerson.From(person));
                }
            }

            await CompareAsync(copies, report, cancellationToken);
            cursor = page.NextCursor;
        }
        while (cursor is not null && report.Read < maxPeople);

        if (cursor is not null && !cut && report.PausedUntil is null)
        {
            // A source of exactly the bound can hand back a cursor with nothing behind it (its last pages were full).
            cursor = await FirstPersonAfterAsync(cursor, cancellationToken);
        }

        report.Complete = cursor is null && !cut && report.PausedUntil is null;
        if (report.Complete)
        {
            await CountRemovedAsync(copied, report, cancellationToken);
        }
        else
        {
            report.RemovedNotCounted = $"the read stopped before the source's end (at most {maxPeople} people, or a paused source)";
        }

        return report;
    }

    /// <summary>
    /// Null when the source holds nobody past the cursor; otherwise a cursor. Reads one person at a time, over any empty
    /// pages; a read that fails or pauses leaves the question open, so the run reads as stopped before the source's end.
    /// </summary>
    private async Task<string?> FirstPersonAfterAsync(string cursor, CancellationToken cancellationToken)
    {
        string? next = cursor;
        while (next is not null)
        {
            SourcePage page;
            try
            {
                page = await source.ReadPageAsync(next, 1, cancellationToken);
            }
            catch (Exception e) when (e is not OperationCanceledException and not OutOfMemoryException)
            {
                return cursor; // the people read are counted; only whether there are more is unknown
            }

            if (page.People.Count > 0 || page.PausedUntilUtc is not null)
            {
                return cursor;
            }

            next = page.NextCursor;
        }

        return null;
    }

    /// <summary>Each copy against the stored row, by the write's rule: written unless the stored row came from a newer version.</summary>
    private async Task CompareAsync(List<TableEntity> copies, SyncDryRunReport report, CancellationToken cancellationToken)
    {
        Dictionary<string, TableEntity> stored = await sales.GetStoredVersionsAsync(copies.Select(c => c.RowKey), cancellationToken);
        foreach (TableEntity copy in copies)
        {
            long version = copy.GetInt64(SalesPerson.SourceVersion) ?? 0;
            stored.TryGetValue(copy.RowKey, out TableEntity? current);
            long storedVersion = current?.GetInt64(SalesPerson.SourceVersion) ?? 0;
            if (current is not null && storedVersion > version)
            {
                report.SkippedNewerInSales++;
            }
            else if (current is null || SalesPerson.IsRemoved(current))
            {
                report.New++;
                AddSample(report.Samples.New, copy.RowKey);
            }
            else if (storedVersion < version)
            {
                report.Updated++;
                AddSample(report.Samples.Updated, copy.RowKey);
            }
            else
            {
                report.Unchanged++;
            }
        }
    }

    /// <summary>The live copies the sweep would remove: every one this run would not copy (no longer sales-owned, gone, or rejected).</summary>
    private async Task CountRemovedAsync(HashSet<string> copied, SyncDryRunReport report, CancellationToken cancellationToken)
    {
        long removed = 0;
        int scanned = 0;
        await foreach (string marketoId in sales.ListLiveIdsAsync(cancellationToken))
        {
            if (++scanned > MaxSalesScanned)
            {
                report.RemovedNotCounted = $"the sales copy holds more than {MaxSalesScanned} live people";
                return;
            }

            if (!copied.Contains(marketoId))
            {
                removed++;
                AddSample(report.Samples.Removed, marketoId);
            }
        }

        report.Removed = removed;
    }

    private static void AddSample<T>(List<T> samples, T item)
    {
        if (samples.Count < MaxSamples)
        {
            samples.Add(item);
        }
    }
}

/// <summary>
/// A dry run's findings. <see cref="Removed"/> is null unless the read reached the source's end (<see cref="Complete"/>)
/// and the sales copy was small enough to compare (else <see cref="RemovedNotCounted"/> says why).
/// </summary>
public sealed class SyncDryRunReport
{
    public bool Complete { get; set; }

    public long Read { get; set; }

    public long Eligible { get; set; }

    public long SkippedNoOwner => Read - Eligible;

    public long New { get; set; }

    public long Updated { get; set; }

    public long Unchanged { get; set; }

    public long SkippedNewerInSales { get; set; }

    public long Rejected { get; set; }

    public long? Removed { get; set; }

    public string? RemovedNotCounted { get; set; }

    public DateTimeOffset? PausedUntil { get; set; }

    public string? PauseReason { get; set; }

    public SyncDryRunSamples Samples { get; } = new();
}

/// <summary>The first <see cref="SyncDryRun.MaxSamples"/> people of each outcome.</summary>
public sealed class SyncDryRunSamples
{
    public List<string> New { get; } = [];

    public List<string> Updated { get; } = [];

    public List<string> Removed { get; } = [];

    public List<SyncRejection> Rejected { get; } = [];
}
