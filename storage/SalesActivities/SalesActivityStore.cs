using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Domain.Storage;
using JourneyFunctions.Storage;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// Sales activities as recorded on the sales side: table <c>SalesActivities</c>, PK = Marketo ID, RK = activity id.
/// The first write of an id wins; recording it again returns what is stored. A reminder task's row also holds its
/// Salesforce state as the inbound poll reports it (<see cref="UpdateTaskStateAsync"/>).
/// </summary>
public sealed partial class SalesActivityStore
{
    private readonly TableClient _activities;
    private readonly TableClient _remindersByActivityId;
    private readonly TableClient _activityIds;

    public SalesActivityStore(StorageAccount storage)
    {
        ArgumentNullException.ThrowIfNull(storage);
        _activities = storage.Table(TableNames.SalesActivities);
        _remindersByActivityId = storage.Table(TableNames.SalesRemindersByActivityId);
        _activityIds = storage.Table(TableNames.SalesActivityIds);
    }

    /// <summary>The id of a person's unsubscribe: one per person, so unsubscribing twice records it once.</summary>
    public static string UnsubscribeId(string marketoId) => ReservedIdPrefix + marketoId;

    /// <summary>Ids the store keeps for its own records (the unsubscribe of each person): no client may record one.</summary>
    public const string ReservedIdPrefix = "unsubscribe:";

    /// <summary>Stores the activity unless its id is already stored.</summary>
    /// <returns>The stored activity, and whether this call created it.</returns>
    public async Task<(SalesActivity Stored, bool Created)> AddAsync(SalesActivity activity, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activity);
        if (activity.Type == SalesActivityType.ReminderTask)
        {
            await IndexReminderAsync(activity, cancellationToken);
        }

        try
        {
            await _activities.AddEntityAsync(ToEntity(activity), cancellationToken);
            return (activity, true);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            return (await GetAsync(activity.MarketoId, activity.Id, cancellationToken)
                ?? throw new InvalidOperationException($"Activity {activity.Id} conflicted but cannot be read."), false);
        }
    }

    public async Task<SalesActivity?> GetAsync(string marketoId, string activityId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _activities.GetEntityIfExistsAsync<TableEntity>(marketoId, activityId, cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } entity ? FromEntity(entity) : null;
    }

    /// <summary>
    /// One page of a person's activities after <paramref name="continuation"/> (pages follow the activity ids, the
    /// partition's key order; each page is sorted oldest first); the next token is null on the last page.
    /// </summary>
    public async Task<(List<SalesActivity> Activities, string? Next)> ListAsync(
        string marketoId, string? continuation, int pageSize, CancellationToken cancellationToken = default)
    {
        (List<SalesActivity> page, string? next) = await _activities.PageAsync(
            TableClient.CreateQueryFilter($"PartitionKey eq {marketoId}"), pageSize, continuation, FromEntity, cancellationToken: cancellationToken);
        return ([.. page.OrderBy(a => a.OccurredAt).ThenBy(a => a.Id, StringComparer.Ordinal)], next);
    }

    /// <summary>Sets a column of a row about to be replaced whole, or drops it for null (a merge would keep the old value).</summary>
    private static void SetOrRemove(TableEntity row, string column, object? value)
    {
        if (value is null)
        {
            row.Remove(column);
        }
        else
        {
            row[column] = value;
        }
    }

    private static TableEntity ToEntity(SalesActivity a) => new(a.MarketoId, a.Id)
    {
        [nameof(SalesActivity.Type)] = a.Type.ToString(),
        [nameof(SalesActivity.OccurredAt)] = a.OccurredAt,
        [nameof(SalesActivity.Subject)] = a.Subject,
        [nameof(SalesActivity.Detail)] = a.Detail,
        [nameof(SalesActivity.Origin)] = a.Origin.ToString(),
        [nameof(SalesActivity.SalesforceWhoId)] = a.SalesforceWhoId,
        [nameof(SalesActivity.SalesforceWhatId)] = a.SalesforceWhatId,
    };

    private static SalesActivity FromEntity(TableEntity e) => new(
        e.RowKey,
        e.PartitionKey,
        Enum.Parse<SalesActivityType>(e.GetString(nameof(SalesActivity.Type))),
        e.GetDateTimeOffset(nameof(SalesActivity.OccurredAt)) ?? default,
        e.GetString(nameof(SalesActivity.Subject)),
        e.GetString(nameof(SalesActivity.Detail)),
        Enum.Parse<SalesActivityOrigin>(e.GetString(nameof(SalesActivity.Origin))),
        e.GetString(nameof(SalesActivity.SalesforceWhoId)),
        e.GetString(nameof(SalesActivity.SalesforceWhatId)))
    {
        TaskState = TaskStateOf(e),
    };
}
