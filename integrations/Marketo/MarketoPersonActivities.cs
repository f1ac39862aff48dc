using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Marketo;

/// <summary>
/// A person's marketing activity from Marketo's activity log (Get Paging Token at <c>since</c>, then Get Lead
/// Activities for the one lead): web visits (1), link clicks (3), email opens (10) and clicks (11), interesting moments
/// (46, and the instance's moment custom type), and the sales email opens and clicks logged as custom activities. At
/// most <see cref="MaxCallsPerPage"/> activity calls per page, so one request's cost is bounded; a page cut short by
/// that bound still carries a continuation. The continuation holds Marketo's token and the last activity returned
/// (id, date): the next page asks for the same Marketo page again and skips what was returned, and a token Marketo no
/// longer takes is replaced by a fresh one from the last activity's date.
/// </summary>
public sealed class MarketoPersonActivities : IPersonMarketingActivities
{
    /// <summary>Get Lead Activities calls per page at most (the first page adds one Get Paging Token call).</summary>
    public const int MaxCallsPerPage = 5;

    private readonly MarketoClient _client;
    private readonly Dictionary<int, string> _types;
    private readonly TimeSpan _readBudget;

    public MarketoPersonActivities(MarketoClient client, int? momentActivityTypeId, TimeSpan? readBudget = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        _client = client;
        _readBudget = readBudget ?? MarketoClient.InteractiveBudget;
        _types = new Dictionary<int, string>
        {
            [1] = PersonMarketingActivity.VisitWebpage,
            [3] = PersonMarketingActivity.ClickLink,
            [10] = PersonMarketingActivity.OpenEmail,
            [11] = PersonMarketingActivity.ClickEmail,
            [46] = PersonMarketingActivity.InterestingMoment,
        };
        if (momentActivityTypeId is int moment)
        {
            _types[moment] = PersonMarketingActivity.InterestingMoment;
        }

        foreach (string salesType in PersonMarketingActivity.SalesEmailTypes)
        {
            if (client.Options.ActivityTypeIds.TryGetValue(salesType, out int id))
            {
                _types[id] = salesType == "openSalesEmail" ? PersonMarketingActivity.OpenEmail : PersonMarketingActivity.ClickEmail;
            }
        }
    }

    public string Source => "marketo";

    /// <summary>The activity types asked for (at most <see cref="MarketoClient.MaxActivityTypesPerCall"/>).</summary>
    public IReadOnlyCollection<int> ActivityTypeIds => _types.Keys;

    public string? CheckPersonId(string marketoId) =>
        long.TryParse(marketoId, NumberStyles.None, CultureInfo.InvariantCulture, out long id) && id > 0 ? null : "must be a Marketo lead id (a positive whole number) when the activity is read from Marketo.";

    /// <summary>
    /// Reads a page; Marketo's spent quota or failure, or no page within the read budget (a seller waits on it), comes
    /// back as <see cref="MarketingActivitiesUnavailableException"/>.
    /// </summary>
    public async Task<PersonMarketingActivityPage> ReadAsync(string marketoId, DateTimeOffset since, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        try
        {
            return await MarketoClient.WithinAsync(_readBudget, ct => ReadPageAsync(marketoId, since, pageSize, continuation, ct), cancellationToken);
        }
        catch (MarketoDailyQuotaException e)
        {
            throw new MarketingActivitiesUnavailableException("marketoDailyQuota", $"Marketo's daily API quota is spent; it resets at {e.ResetsAtUtc:u}.", e);
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new MarketingActivitiesUnavailableException("marketoUnavailable", $"Marketo could not be read ({e.Message}); try again later.", e);
        }
    }

    private async Task<PersonMarketingActivityPage> ReadPageAsync(string marketoId, DateTimeOffset since, int pageSize, string? continuation, CancellationToken cancellationToken)
    {
        long leadId = long.Parse(marketoId, NumberStyles.None, CultureInfo.InvariantCulture);
        Cursor cursor = continuation is null
            ? new Cursor(await _client.GetPagingTokenAsync(since, cancellationToken), 0, since)
            : TryDecode(continuation, out Cursor? kept) ? kept : throw new FormatException("Not a continuation token of the Marketo activity reader.");
        var items = new List<PersonMarketingActivity>(pageSize);
        bool renewed = continuation is null;
        for (int calls = 0; calls < MaxCallsPerPage; calls++)
        {
            MarketoPage<LeadActivity> page;
            try
            {
                page = await _client.GetLeadActivitiesAsync(cursor.Token, _types.Keys, [leadId], cancellationToken);
            }
            catch (MarketoApiException e) when (e.Code == MarketoErrorCodes.InvalidValue && !renewed)
            {
                // The kept token is no longer taken (expired): start again from the last activity returned.
                renewed = true;
                cursor = cursor with { Token = await _client.GetPagingTokenAsync(cursor.LastDate, cancellationToken) };
                continue;
            }

            foreach (LeadActivity activity in page.Items.Where(a => a.Id > cursor.LastId && a.LeadId == leadId && _types.ContainsKey(a.ActivityTypeId)))
            {
                if (items.Count == pageSize)
                {
                    return new PersonMarketingActivityPage(items, Encode(cursor));
                }

                items.Add(Map(activity));
                cursor = cursor with { LastId = activity.Id, LastDate = activity.ActivityDate };
            }

            if (!page.MoreResult)
            {
                return new PersonMarketingActivityPage(items, null);
            }

            cursor = cursor with { Token = page.NextPageToken ?? cursor.Token };
            if (items.Count == pageSize)
            {
                break;
            }
        }

        return new PersonMarketingActivityPage(items, Encode(cursor));
    }

    private PersonMarketingActivity Map(LeadActivity activity) => new(
        activity.Id.ToString(CultureInfo.InvariantCulture),
        _types[activity.ActivityTypeId],
        activity.ActivityDate,
        activity.PrimaryAttributeValue,
        (activity.Attributes ?? []).GroupBy(a => a.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal));

    private static string Encode(Cursor cursor) => Convert.ToBase64String(JsonSerializer.SerializeToUtf8Bytes(cursor, MarketoJson.Options));

    private static bool TryDecode(string continuation, [NotNullWhen(true)] out Cursor? cursor)
    {
        cursor = null;
        byte[] bytes = new byte[continuation.Length];
        if (!Convert.TryFromBase64String(continuation, bytes, out int length))
        {
            return false;
        }

        try
        {
            cursor = JsonSerializer.Deserialize<Cursor>(bytes.AsSpan(0, length), MarketoJson.Options);
        }
        catch (JsonException)
        {
            return false;
        }

        return cursor is { Token.Length: > 0, LastId: >= 0 };
    }

    /// <summary>Marketo's token of the page to read next, and the last activity returned (skipped when read again).</summary>
    private sealed record Cursor(string Token, long LastId, DateTimeOffset LastDate);
}
