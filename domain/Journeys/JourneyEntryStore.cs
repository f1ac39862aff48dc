using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Domain.Journeys;

/// <summary>
/// Entries of accounts into a journey (table <c>JourneyEntries</c>, PK = journey id, RK = account id): how often,
/// when last, and the run an account is in now. Admission is idempotent per run, so a retried snapshot admits the
/// same accounts again without counting a second entry.
/// </summary>
public sealed class JourneyEntryStore
{
    private readonly TableClient _entries;

    public JourneyEntryStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _entries = storage.Table(TableNames.JourneyEntries);
    }

    /// <summary>The accounts that may enter now under the journey's re-entry rule; records their entry.</summary>
    public async Task<IReadOnlyList<string>> AdmitAsync(string journeyId, string runId, IReadOnlyList<string> accountIds, ReentryPolicy? policy, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(accountIds);
        var admitted = new bool[accountIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, accountIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            async (i, ct) => admitted[i] = await AdmitOneAsync(journeyId, runId, accountIds[i], policy, now, ct));
        return accountIds.Where((_, i) => admitted[i]).ToList();
    }

    /// <summary>The run an account is in now in this journey, or null when it is not in the journey.</summary>
    public async Task<string?> GetCurrentRunAsync(string journeyId, string accountId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> row = await _entries.GetEntityIfExistsAsync<TableEntity>(journeyId, accountId, cancellationToken: cancellationToken);
        return row.HasValue ? row.Value!.GetString("CurrentRunId") : null;
    }

    /// <summary>Marks accounts as out of the journey after <paramref name="runId"/> is done with them.</summary>
    public Task ReleaseAsync(string journeyId, string runId, IReadOnlyList<string> accountIds, CancellationToken cancellationToken = default) =>
        Parallel.ForEachAsync(accountIds, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (accountId, ct) =>
        {
            NullableResponse<TableEntity> row = await _entries.GetEntityIfExistsAsync<TableEntity>(journeyId, accountId, cancellationToken: ct);
            if (row.HasValue && row.Value!.GetString("CurrentRunId") == runId)
            {
                row.Value["CurrentRunId"] = null;
                await _entries.UpdateEntityAsync(row.Value, row.Value.ETag, TableUpdateMode.Replace, ct);
            }
        });

    private async Task<bool> AdmitOneAsync(string journeyId, string runId, string accountId, ReentryPolicy? policy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> found = await _entries.GetEntityIfExistsAsync<TableEntity>(journeyId, accountId, cancellationToken: cancellationToken);
        TableEntity? row = found.HasValue ? found.Value : null;
        if (row?.GetString("LastRunId") == runId)
        {
            return true; // this run admitted it already (a retried activity)
        }

        if (row is not null && !MayReenter(row, policy, now))
        {
            return false;
        }

        var entry = new TableEntity(journeyId, accountId)
        {
            ["Entries"] = (row?.GetInt32("Entries") ?? 0) + 1,
            ["LastEnteredAt"] = now,
            ["CurrentRunId"] = runId,
            ["LastRunId"] = runId,
        };
        try
        {
            if (row is null)
            {
                await _entries.AddEntityAsync(entry, cancellationToken);
            }
            else
            {
                await _entries.UpdateEntityAsync(entry, row.ETag, TableUpdateMode.Replace, cancellationToken);
            }

            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // A concurrent run admitted the account first: decide again on what it wrote.
            return await AdmitOneAsync(journeyId, runId, accountId, policy, now, cancellationToken);
        }
    }

    private static bool MayReenter(TableEntity row, ReentryPolicy? policy, DateTimeOffset now)
    {
        if (policy is not { Enabled: true } || row.GetString("CurrentRunId") is not null)
        {
            return false;
        }

        if (policy.MaxEntries is { } max && (row.GetInt32("Entries") ?? 0) >= max)
        {
            return false;
        }

        TimeSpan wait = policy.WaitPeriod is { } text && JourneyValidator.TryParseDuration(text, out TimeSpan period) ? period : TimeSpan.Zero;
        return row.GetDateTimeOffset("LastEnteredAt") is not { } last || now - last >= wait;
    }
}
