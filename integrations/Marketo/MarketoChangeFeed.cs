using Azure.Data.Tables;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The incremental sync's Marketo side: every lead change after the checkpoint (Get Lead Changes), then the current
/// values of the leads whose synced fields or owners changed (Get Leads by id, 300 per call), as marketing people.
/// The returned token is the next checkpoint; keep it only once the people are stored, so a crash re-reads them.
/// </summary>
public sealed class MarketoChangeFeed(MarketoClient client)
{
    /// <summary>Reads after <paramref name="checkpoint"/>, the token kept from the last read; the first read (null) starts at <paramref name="since"/>.</summary>
    public async Task<(IReadOnlyList<TableEntity> People, string Checkpoint)> ReadAsync(string? checkpoint, DateTimeOffset since, CancellationToken cancellationToken)
    {
        string token = checkpoint ?? await client.GetPagingTokenAsync(since, cancellationToken);
        var changed = new HashSet<long>();
        MarketoPage<LeadChange> page;
        do
        {
            page = await client.GetLeadChangesAsync(token, [.. MarketoLeadFields.ToPersonField.Keys], client.Options.MaxRecordsPerCall, cancellationToken);
            changed.UnionWith(page.Items.Where(c => c.Fields.Any(f => MarketoLeadFields.ToPersonField.ContainsKey(f.Name))).Select(c => c.LeadId));
            token = page.NextPageToken ?? token;
        }
        while (page.MoreResult);

        var people = new List<TableEntity>(changed.Count);
        foreach (long[] ids in changed.Order().Chunk(client.Options.MaxRecordsPerCall))
        {
            people.AddRange((await client.GetLeadsByIdAsync(ids, MarketoLeadFields.Requested, cancellationToken)).Select(MarketoLeadFields.ToPerson));
        }

        return (people, token);
    }
}
