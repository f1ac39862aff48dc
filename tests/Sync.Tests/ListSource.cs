using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Sync.Tests;

/// <summary>
/// A source over a fixed list of people (cursor = index), which can run something between reading a page and handing
/// it over, the moment an incremental change would slip in during the initial sync.
/// </summary>
internal sealed class ListSource(IReadOnlyList<TableEntity> people, Func<Task>? afterRead = null) : IPeopleSource
{
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(people.Count);

    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        int start = cursor is null ? 0 : int.Parse(cursor, System.Globalization.CultureInfo.InvariantCulture);
        var page = people.Skip(start).Take(pageSize).ToList();
        if (afterRead is not null)
        {
            await afterRead();
        }

        int next = start + page.Count;
        return new SourcePage(page, next < people.Count ? next.ToString(System.Globalization.CultureInfo.InvariantCulture) : null);
    }
}
