using Azure.Data.Tables;
using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The initial sync's Marketo source: pages the static list of sales-owned leads 300 per call (a page is whole calls,
/// so it can run up to 299 past the page size: a smaller call would cost a call for fewer leads), the cursor being
/// Marketo's <c>nextPageToken</c> (so a restarted sync resumes from the stored token). Not Get Leads by filter type,
/// which fails above 1,000 matches. A spent daily quota pauses the sync until the reset instead of failing it.
/// </summary>
public sealed class MarketoPeopleSource(MarketoClient client) : IPeopleSource
{
    /// <summary>A static list has no cheap count.</summary>
    public Task<long?> CountAsync(CancellationToken cancellationToken) => Task.FromResult<long?>(null);

    public async Task<SourcePage> ReadPageAsync(string? cursor, int pageSize, CancellationToken cancellationToken)
    {
        var people = new List<TableEntity>(pageSize);
        string? token = cursor;
        try
        {
            do
            {
                var page = await client.GetStaticListLeadsAsync(client.Options.StaticListId, MarketoLeadFields.Requested, token, client.Options.MaxRecordsPerCall, cancellationToken);
                people.AddRange(page.Items.Select(MarketoLeadFields.ToPerson));
                token = page.NextPageToken;
            }
            while (token is not null && people.Count < pageSize);
        }
        catch (MarketoDailyQuotaException e) when (people.Count == 0)
        {
            return new SourcePage([], cursor, e.ResetsAtUtc, e.Message);
        }
        catch (MarketoDailyQuotaException)
        {
            // Keep what was read: the cursor after it is the checkpoint, and the next page will pause.
        }

        return new SourcePage(people, token);
    }
}
