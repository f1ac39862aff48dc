using System.Globalization;
using Azure.Data.Tables;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The incremental sync's Marketo side: every lead change after the checkpoint (Get Lead Changes), then the current
/// values of the leads whose synced fields or owners changed (Get Leads by id, 300 per call), as marketing people.
/// The returned token is the next checkpoint; keep it only once the people are stored, so a crash re-reads them.
/// With them come each lead's changed fields (by person field name) and their old values, the earliest of the read,
/// for the <c>personDataChange</c> events of listening runs.
/// </summary>
public sealed class MarketoChangeFeed(MarketoClient client) : IPeopleChangeFeed
{
    public string CheckpointName => "marketo-lead-changes";

    /// <summary>Reads after <paramref name="cursor"/>; a spent daily quota (607) pauses the feed until Marketo resets it.</summary>
    public async Task<PeopleChanges> ReadAsync(string? cursor, DateTimeOffset since, CancellationToken cancellationToken)
    {
        try
        {
            return await ReadChangesAsync(cursor, since, cancellationToken);
        }
        catch (MarketoDailyQuotaException e)
        {
            return new PeopleChanges([], cursor, new Dictionary<string, IReadOnlyDictionary<string, string?>>(), e.ResetsAtUtc, e.Message);
        }
    }

    /// <summary>Reads after <paramref name="checkpoint"/>, the token kept from the last read; the first read (null) starts at <paramref name="since"/>.</summary>
    private async Task<PeopleChanges> ReadChangesAsync(
        string? checkpoint, DateTimeOffset since, CancellationToken cancellationToken)
    {
        string token = checkpoint ?? await client.GetPagingTokenAsync(since, cancellationToken);
        var changed = new SortedDictionary<long, Dictionary<string, string?>>();
        MarketoPage<LeadChange> page;
        do
        {
            page = await client.GetLeadChangesAsync(token, [.. MarketoLeadFields.ToPersonField.Keys], client.Options.MaxRecordsPerCall, cancellationToken);
            foreach (LeadChange change in page.Items)
            {
                foreach (LeadChangeField field in change.Fields)
                {
                    if (MarketoLeadFields.ToPersonField.TryGetValue(field.Name, out string? personField))
                    {
                        Dictionary<string, string?> old = changed.TryGetValue(change.LeadId, out var known) ? known : changed[change.LeadId] = new(StringComparer.Ordinal);
                        old.TryAdd(personField, field.OldValue); // changes come oldest first: the first old value is the one before this read
                    }
                }
            }

            token = page.NextPageToken ?? token;
        }
        while (page.MoreResult);

        var people = new List<TableEntity>(changed.Count);
        foreach (long[] ids in changed.Keys.Chunk(client.Options.MaxRecordsPerCall))
        {
            people.AddRange((await client.GetLeadsByIdAsync(ids, MarketoLeadFields.Requested, cancellationToken)).Select(MarketoLeadFields.ToPerson));
        }

        return new PeopleChanges(people, token, changed.ToDictionary(c => c.Key.ToString(CultureInfo.InvariantCulture), c => (IReadOnlyDictionary<string, string?>)c.Value, StringComparer.Ordinal));
    }
}
