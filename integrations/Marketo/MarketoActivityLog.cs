using System.Globalization;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Logs native marketing activities to Marketo with Add Custom Activities (at most 300 per call). Marketo adds a
/// resent activity again, so write-once is ours to keep: an activity is sent only when the local log has no row for
/// it, and gets that row once Marketo has added it, so a redelivered message skips what already went through.
/// Records Marketo skips are reported by throwing after the added ones are recorded: the message is retried for
/// the rest, then poisoned.
/// </summary>
public sealed class MarketoActivityLog(MarketoClient client, TableMarketingActivityLog ledger) : IMarketingActivityLog
{
    public async Task LogAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        HashSet<(string LeadId, string ActivityId)> logged = await ledger.LoggedAsync(activities, cancellationToken);
        List<MarketingActivity> fresh = activities.Where(a => !logged.Contains((a.LeadId, a.ActivityId))).ToList();
        if (fresh.Count == 0)
        {
            return;
        }

        IReadOnlyList<CustomActivityResult> results = await client.AddCustomActivitiesAsync(fresh.Select(ToCustomActivity).ToList(), cancellationToken);
        List<(MarketingActivity Activity, CustomActivityResult Result)> answered = fresh.Zip(results).ToList();
        await ledger.LogAsync(answered.Where(a => a.Result.Added).Select(a => a.Activity).ToList(), cancellationToken);
        List<string> skipped = answered.Where(a => !a.Result.Added)
            .Select(a => $"{a.Activity.ActivityId}: {string.Join("; ", (a.Result.Reasons ?? []).Select(r => $"{r.Code} {r.Message}"))}")
            .ToList();
        if (skipped.Count > 0)
        {
            throw new MarketoApiException($"Marketo skipped {skipped.Count} of {fresh.Count} activities: {string.Join(" | ", skipped)}");
        }
    }

    private CustomActivity ToCustomActivity(MarketingActivity activity) => new(
        long.TryParse(activity.LeadId, NumberStyles.None, CultureInfo.InvariantCulture, out long leadId)
            ? leadId
            : throw new MarketoApiException($"Activity {activity.ActivityId}: '{activity.LeadId}' is not a Marketo lead id."),
        activity.ActivityDate,
        client.Options.ActivityTypeIds.TryGetValue(activity.ActivityTypeApiName, out int typeId)
            ? typeId
            : throw new MarketoApiException($"No Marketo custom activity type id is configured for '{activity.ActivityTypeApiName}'."),
        activity.PrimaryAttributeValue,
        activity.Attributes.Select(a => new CustomActivityValue(a.Key, a.Value)).ToList());
}
