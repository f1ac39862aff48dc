using System.Globalization;
using System.Text;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Moments;
using JourneyFunctions.Domain.People;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage;
using JourneyFunctions.Storage.Moments;
using JourneyFunctions.Storage.People;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// A person's marketing activity from the local stores (no Marketo connection): the sales email opens and clicks in
/// the local marketing activity log (table <c>MarketingActivities</c>, the person's partition) and the interesting
/// moments journeys recorded on the person (table <c>InterestingMoments</c>, a row range of the person's account, found
/// in the marketing people store). The local stores hold no web visits. Pages follow (time, id); the continuation is
/// the last item's time and id, so a page never repeats or skips an item that was there when the first was read.
/// </summary>
public sealed class LocalPersonMarketingActivities(TableMarketingActivityLog log, PeopleStore people, InterestingMomentStore moments) : IPersonMarketingActivities
{
    public string Source => "local";

    public string? CheckPersonId(string marketoId) => null;

    public async Task<PersonMarketingActivityPage> ReadAsync(string marketoId, DateTimeOffset since, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        (DateTimeOffset At, string Id)? after = continuation is null ? null
            : TryDecode(continuation, out var kept) ? kept : throw new FormatException("Not a continuation token of the local marketing activity reader.");
        var found = new List<PersonMarketingActivity>();
        foreach (MarketingActivity logged in await log.ListAsync(marketoId, cancellationToken))
        {
            if (PersonMarketingActivity.SalesEmailTypes.Contains(logged.ActivityTypeApiName, StringComparer.Ordinal))
            {
                found.Add(new PersonMarketingActivity(
                    "activity:" + logged.ActivityId,
                    logged.ActivityTypeApiName == "openSalesEmail" ? PersonMarketingActivity.OpenEmail : PersonMarketingActivity.ClickEmail,
                    logged.ActivityDate,
                    logged.PrimaryAttributeValue,
                    logged.Attributes.ToDictionary(a => a.Key, a => (string?)a.Value, StringComparer.Ordinal)));
            }
        }

        if (await people.FindAsync(marketoId, cancellationToken) is { } person)
        {
            foreach (TableEntity moment in await moments.GetPersonAsync(person.PartitionKey, marketoId, cancellationToken))
            {
                found.Add(new PersonMarketingActivity(
                    "moment:" + moment.RowKey,
                    PersonMarketingActivity.InterestingMoment,
                    moment.GetDateTimeOffset("At") ?? default,
                    moment.GetString("Description"),
                    new Dictionary<string, string?>(StringComparer.Ordinal) { ["type"] = moment.GetString("Type"), ["runId"] = moment.GetString("RunId"), ["nodeId"] = moment.GetString("NodeId") }));
            }
        }

        List<PersonMarketingActivity> window = found
            .Where(a => a.OccurredAt >= since && (after is null || IsAfter(a, after.Value)))
            .OrderBy(a => a.OccurredAt).ThenBy(a => a.Id, StringComparer.Ordinal)
            .Take(pageSize + 1)
            .ToList();
        if (window.Count <= pageSize)
        {
            return new PersonMarketingActivityPage(window, null);
        }

        PersonMarketingActivity last = window[pageSize - 1];
        return new PersonMarketingActivityPage(window[..pageSize], Encode(last.OccurredAt, last.Id));
    }

    private static bool IsAfter(PersonMarketingActivity activity, (DateTimeOffset At, string Id) last) =>
        activity.OccurredAt > last.At || (activity.OccurredAt == last.At && string.CompareOrdinal(activity.Id, last.Id) > 0);

    private static string Encode(DateTimeOffset at, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{at.UtcTicks}|{id}")));

    private static bool TryDecode(string continuation, out (DateTimeOffset At, string Id) last)
    {
        last = default;
        byte[] bytes = new byte[continuation.Length];
        if (!Convert.TryFromBase64String(continuation, bytes, out int length))
        {
            return false;
        }

        string text = Encoding.UTF8.GetString(bytes, 0, length);
        int bar = text.IndexOf('|', StringComparison.Ordinal);
        if (bar <= 0 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out long ticks) || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            return false;
        }

        last = (new DateTimeOffset(ticks, TimeSpan.Zero), text[(bar + 1)..]);
        return true;
    }
}
