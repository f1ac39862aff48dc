using System.Globalization;
using Azure;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Marketo;

/// <summary>
/// Logs native marketing activities to Marketo with Add Custom Activities (at most 300 per call). Marketo adds a
/// resent activity again, so write-once is ours to keep: each activity is claimed in the local log before it is sent
/// (<see cref="TableMarketingActivityLog.ClaimAsync"/>) and logged there once Marketo has added it, so a redelivered
/// message skips what already went through and a duplicate delivered beside it waits for its outcome.
/// Records Marketo skips are reported by throwing after the added ones are recorded: the message is retried for
/// the rest, then poisoned.
/// </summary>
public sealed class MarketoActivityLog(MarketoClient client, TableMarketingActivityLog ledger, TimeProvider clock) : IMarketingActivityLog
{
    /// <summary>
    /// How long a send's claim holds off another sender: longer than the client's retries of a call usually take
    /// (their backoff adds up to about 90 s; a Marketo that lets each try run to the 100 s timeout can outlast it,
    /// and a duplicate then sends too). A redelivery after a crash waits the claim out, inside its handler, instead of
    /// failing its tries into the poison queue.
    /// </summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(2);

    public async Task LogAsync(IReadOnlyList<MarketingActivity> activities, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(activities);
        // Claimed before the call: a duplicate delivery of the message running beside this one waits for this send's
        // outcome instead of sending too.
        var claimed = new List<(MarketingActivity Activity, ETag Claim)>();
        foreach (MarketingActivity activity in activities)
        {
            if (await ledger.ClaimAsync(activity, ClaimLease, clock, cancellationToken) is { } claim)
            {
                claimed.Add((activity, claim));
            }
        }

        if (claimed.Count == 0)
        {
            return;
        }

        List<CustomActivity> toSend;
        try
        {
            toSend = [.. claimed.Select(c => ToCustomActivity(c.Activity))];
        }
        catch (MarketoApiException)
        {
            await ReleaseAsync(claimed); // nothing was sent
            throw;
        }

        IReadOnlyList<CustomActivityResult> results;
        try
        {
            results = await client.AddCustomActivitiesAsync(toSend, cancellationToken);
        }
        catch (MarketoApiException e) when (MarketoErrorCodes.IsPermanent(e.Code))
        {
            // Marketo refused the call: the next try sends them at once. (A call whose last try was a retryable error,
            // 604 or 611, a gateway's answer or none, keeps its claims until they lapse: Marketo may have added them.)
            await ReleaseAsync(claimed);
            throw;
        }

        List<((MarketingActivity Activity, ETag Claim) Claimed, CustomActivityResult Result)> answered = claimed.Zip(results).ToList();
        await ledger.LogAsync(answered.Where(a => a.Result.Added).Select(a => a.Claimed.Activity).ToList(), cancellationToken);
        List<((MarketingActivity Activity, ETag Claim) Claimed, CustomActivityResult Result)> notAdded = answered.Where(a => !a.Result.Added).ToList();
        await ReleaseAsync(notAdded.Select(a => a.Claimed));
        List<string> skipped = notAdded
            .Select(a => $"{a.Claimed.Activity.ActivityId}: {string.Join("; ", (a.Result.Reasons ?? []).Select(r => $"{r.Code} {r.Message}"))}")
            .ToList();
        if (skipped.Count > 0)
        {
            throw new MarketoApiException($"Marketo skipped {skipped.Count} of {claimed.Count} activities: {string.Join(" | ", skipped)}");
        }

        Task ReleaseAsync(IEnumerable<(MarketingActivity Activity, ETag Claim)> claims) =>
            Task.WhenAll(claims.Select(c => ledger.ReleaseAsync(c.Activity, c.Claim, CancellationToken.None)));
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
