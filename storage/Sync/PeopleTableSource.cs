using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// The marketing people tables as a sync source. Each read takes the next page of every table not yet finished, side
/// by side, so the sync is not held to one query's page-after-page pace; the cursor holds each unfinished table's
/// continuation token.
/// </summary>
public sealed class PeopleTableSource(StorageAccount storage) : IPeopleSource
{
    private readonly ShardedTable _people = PeopleStore.TablesOf(storage);

    public async Task<long?> CountAsync(CancellationToken cancellationToken) => await _people.CountAsync(PeopleStore.PersonRows, cancellationToken);

    /// <summary>Reads up to <paramref name="pageSize"/> people from each table the cursor has not finished.</summary>
    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        Dictionary<int, string> tokens = ParseCursor(cursor);
        (int Shard, Page<TableEntity>? Page)[] pages = await Task.WhenAll(tokens.Select(async t =>
        {
            await foreach (Page<TableEntity> page in _people.Tables[t.Key].QueryAsync<TableEntity>(PeopleStore.PersonRows, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(t.Value.Length == 0 ? null : t.Value, pageSize))
            {
                return (t.Key, (Page<TableEntity>?)page);
            }

            return (t.Key, null);
        }));

        var next = pages
            .Where(p => p.Page?.ContinuationToken is not null)
            .ToDictionary(p => p.Shard, p => p.Page!.ContinuationToken);
        List<TableEntity> people = [.. pages.SelectMany(p => p.Page?.Values ?? [])];
        return new SourcePage(people, next.Count == 0 ? null : JsonSerializer.Serialize(next));
    }

    /// <summary>Unfinished table -> its continuation token ("" = from its start); no cursor means every table from its start.</summary>
    private Dictionary<int, string> ParseCursor(string? cursor)
    {
        if (cursor is null)
        {
            return Enumerable.Range(0, _people.Tables.Count).ToDictionary(i => i, _ => string.Empty);
        }

        Dictionary<int, string>? tokens;
        try
        {
            tokens = JsonSerializer.Deserialize<Dictionary<int, string>>(cursor);
        }
        catch (JsonException e)
        {
            throw new FormatException($"Sync cursor '{cursor}' is not one this source wrote.", e);
        }

        return tokens is not null && tokens.Keys.All(k => k >= 0 && k < _people.Tables.Count)
            ? tokens
            : throw new FormatException($"Sync cursor '{cursor}' names tables this source does not have.");
    }
}
