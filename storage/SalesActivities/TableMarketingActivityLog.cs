using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// The local marketing activity log: table <c>MarketingActivities</c>, PK = lead (Marketo) id, RK = activity id.
/// An upsert on that key makes a redelivered activity rewrite its own row. Logging to Marketo keeps it as its
/// write-once ledger, with a claim row per activity while it is sent (<see cref="ClaimAsync"/>).
/// </summary>
public sealed class TableMarketingActivityLog : IMarketingActivityLog
{
    /// <summary>The column of a claimed row (<see cref="ClaimAsync"/>): when the claim lapses.</summary>
    private const string ClaimedUntil = "ClaimedUntil";

    /// <summary>How often a sender waiting on another's claim looks at it again.</summary>
    private static readonly TimeSpan ClaimPoll = TimeSpan.FromSeconds(1);

    private readonly TableClient _activities;

    public TableMarketingActivityLog(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _activities = storage.Table(TableNames.MarketingActivities);
    }

    public Task LogAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken) =>
        BatchWriter.UpsertAsync(_activities, activities.Select(ToEntity), cancellationToken);

    /// <summary>
    /// Claims <paramref name="activity"/> for one send to an outside log (Marketo adds a resent activity again): its
    /// row, holding only the claim's end, is inserted before the send and replaced by the logged activity after it.
    /// The claim's ETag when this caller may send it; null when the activity is logged already. While another sender's
    /// claim is live this waits for its outcome (a duplicate delivery of the same message); a lapsed claim (a sender
    /// that died) is taken over, so a crash after the send and before the log repeats that one send, never loses it.
    /// </summary>
    public async Task<ETag?> ClaimAsync(MarketingActivity activity, TimeSpan lease, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(clock);
        while (true)
        {
            DateTimeOffset now = clock.GetUtcNow();
            var claim = new TableEntity(activity.LeadId, activity.ActivityId) { [ClaimedUntil] = now + lease };
            try
            {
                return (await _activities.AddEntityAsync(claim, cancellationToken)).Headers.ETag;
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Logged, or claimed by another sender: read on.
            }

            NullableResponse<TableEntity> row = await _activities.GetEntityIfExistsAsync<TableEntity>(activity.LeadId, activity.ActivityId, cancellationToken: cancellationToken);
            if (!row.HasValue)
            {
                continue; // released since
            }

            if (row.Value!.GetDateTimeOffset(ClaimedUntil) is not { } until)
            {
                return null;
            }

            if (until <= now)
            {
                try
                {
                    return (await _activities.UpdateEntityAsync(claim, row.Value.ETag, TableUpdateMode.Replace, cancellationToken)).Headers.ETag;
                }
                catch (RequestFailedException e) when (e.Status is 404 or 412)
                {
                    continue; // another sender got in first: look again
                }
            }

            await Task.Delay(TimeSpan.FromTicks(Math.Min((until - now).Ticks, ClaimPoll.Ticks)), clock, cancellationToken);
        }
    }

    /// <summary>Gives up a claim whose send did not go through, for the next try; a claim taken over since is left.</summary>
    public async Task ReleaseAsync(MarketingActivity activity, ETag claim, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        try
        {
            await _activities.DeleteEntityAsync(activity.LeadId, activity.ActivityId, claim, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone or taken over: not ours to remove.
        }
    }

    /// <summary>A person's marketing activities, in activity id order.</summary>
    public async Task<List<MarketingActivity>> ListAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var found = new List<MarketingActivity>();
        await foreach (TableEntity e in _activities.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {leadId}"), cancellationToken: cancellationToken))
        {
            if (e.ContainsKey(ClaimedUntil))
            {
                continue; // a send in flight, not logged yet
            }

            found.Add(new MarketingActivity(
                e.RowKey,
                e.PartitionKey,
                e.GetString(nameof(MarketingActivity.ActivityTypeApiName)),
                e.GetDateTimeOffset(nameof(MarketingActivity.ActivityDate)) ?? default,
                e.GetString(nameof(MarketingActivity.PrimaryAttributeValue)),
                JsonSerializer.Deserialize<Dictionary<string, string>>(e.GetString(nameof(MarketingActivity.Attributes)), JsonDefaults.Options) ?? []));
        }

        return found;
    }

    private static TableEntity ToEntity(MarketingActivity activity) => new(activity.LeadId, activity.ActivityId)
    {
        [nameof(MarketingActivity.ActivityTypeApiName)] = activity.ActivityTypeApiName,
        [nameof(MarketingActivity.ActivityDate)] = activity.ActivityDate,
        [nameof(MarketingActivity.PrimaryAttributeValue)] = activity.PrimaryAttributeValue,
        [nameof(MarketingActivity.Attributes)] = JsonSerializer.Serialize(activity.Attributes, JsonDefaults.Options),
    };
}
