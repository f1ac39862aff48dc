using System.Text.Json;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// The local marketing activity log: table <c>MarketingActivities</c>, PK = lead (Marketo) id, RK = activity id.
/// An upsert on that key makes a redelivered activity rewrite its own row.
/// </summary>
public sealed class TableMarketingActivityLog : IMarketingActivityLog
{
    private readonly TableClient _activities;

    public TableMarketingActivityLog(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _activities = storage.Table(TableNames.MarketingActivities);
    }

    public Task LogAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken) =>
        BatchWriter.UpsertAsync(_activities, activities.Select(ToEntity), cancellationToken);

    /// <summary>Which of these activities already have a row (one key-only query per lead).</summary>
    public async Task<HashSet<(string LeadId, string ActivityId)>> LoggedAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activities);
        var logged = new HashSet<(string, string)>();
        foreach (string leadId in activities.Select(a => a.LeadId).Distinct(StringComparer.Ordinal))
        {
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {leadId}");
            await foreach (TableEntity row in _activities.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                logged.Add((row.PartitionKey, row.RowKey));
            }
        }

        return logged;
    }

    /// <summary>A person's marketing activities, in activity id order.</summary>
    public async Task<List<MarketingActivity>> ListAsync(string leadId, CancellationToken cancellationToken = default)
    {
        var found = new List<MarketingActivity>();
        await foreach (TableEntity e in _activities.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {leadId}"), cancellationToken: cancellationToken))
        {
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
