using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The sales rows this instance wrote or read most recently, each with its ETag and the columns a change that replaces
/// the row is judged by (the version, whether it is a tombstone, the indexed values; not the run that confirmed it),
/// so the incremental sync can write a change under that ETag without reading the row first (one request per person
/// instead of two). It is only ever a guess the write checks: a row another writer or instance changed since fails
/// the ETag condition (or is gone), and the store reads it and judges again. Bounded: two generations of
/// <c>generationSize</c> rows each; when the newer fills, the older is dropped whole and the newer takes its place.
/// </summary>
internal sealed class RecentSalesRows(int generationSize)
{
    private readonly Lock _turn = new();
    private ConcurrentDictionary<string, KnownRow> _newer = new(StringComparer.Ordinal);
    private ConcurrentDictionary<string, KnownRow> _older = new(StringComparer.Ordinal);
    private int _addedToNewer;

    /// <summary>Remembers a row as written or read (<paramref name="row"/> holds at least the judged columns).</summary>
    public void Remember(TableEntity row, ETag etag)
    {
        if (generationSize <= 0 || etag == default)
        {
            return;
        }

        var known = new KnownRow(
            etag,
            row.GetInt64(SalesPerson.SourceVersion) ?? 0,
            SalesPerson.IsRemoved(row),
            row.GetString(PersonFields.Email),
            row.GetString(PersonFields.SalesforceContactId),
            row.GetString(PersonFields.SalesforceLeadId));
        _newer[row.RowKey] = known;
        if (Interlocked.Increment(ref _addedToNewer) >= generationSize)
        {
            lock (_turn)
            {
                if (_addedToNewer >= generationSize)
                {
                    _older = _newer;
                    _newer = new ConcurrentDictionary<string, KnownRow>(StringComparer.Ordinal);
                    _addedToNewer = 0;
                }
            }
        }
    }

    /// <summary>The remembered row (those columns and its ETag) of this Marketo ID in <paramref name="bucket"/>, or null.</summary>
    public TableEntity? Recall(string bucket, string marketoId)
    {
        if (!_newer.TryGetValue(marketoId, out KnownRow? known) && !_older.TryGetValue(marketoId, out known))
        {
            return null;
        }

        return new TableEntity(bucket, marketoId)
        {
            ETag = known.ETag,
            [SalesPerson.SourceVersion] = known.SourceVersion,
            [SalesPerson.Removed] = known.Removed,
            [PersonFields.Email] = known.Email,
            [PersonFields.SalesforceContactId] = known.SalesforceContactId,
            [PersonFields.SalesforceLeadId] = known.SalesforceLeadId,
        };
    }

    /// <summary>Forgets a row whose stored state this instance no longer knows (a write that lost, a partial update).</summary>
    public void Forget(string marketoId)
    {
        _newer.TryRemove(marketoId, out _);
        _older.TryRemove(marketoId, out _);
    }

    private sealed record KnownRow(ETag ETag, long SourceVersion, bool Removed, string? Email, string? SalesforceContactId, string? SalesforceLeadId);
}
