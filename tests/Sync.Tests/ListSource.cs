using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// A source over a fixed list of people (cursor = index), which can run something between reading a page and handing
/// it over, the moment an incremental change would slip in during the initial sync. With <paramref name="pageFactor"/>
/// it hands over that many times the page size asked for, as the table source may (a page from each of its tables).
/// </summary>
internal sealed class ListSource(IReadOnlyList<TableEntity> people, Func<Task>? afterRead = null, int pageFactor = 1, bool cursorAfterLastPage = false) : IPeopleSource
{
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(people.Count);

    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        int start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var page = people.Skip(start).Take(pageSize * pageFactor).ToList();
        if (afterRead is not null)
        {
            await afterRead();
        }

        int next = start + page.Count;
        // A table source hands back a cursor after a full last page: only the next read finds the end.
        bool more = next < people.Count || (cursorAfterLastPage && page.Count > 0);
        return new SourcePage(page, more ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
