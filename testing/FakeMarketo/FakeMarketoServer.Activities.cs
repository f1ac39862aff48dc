using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace JourneyFunctions.FakeMarketo;

/// <summary>
/// The activity log of the fake (Get Lead Activities) and the paging tokens of the activity endpoints. Tokens are
/// date-based from Get Paging Token and position-based after a page, and carry when they were issued: one older than
/// <see cref="FakeMarketoLimits.PagingTokenLifetime"/>, or issued before <see cref="ExpirePagingTokens"/>, is refused
/// with 1003. As Marketo does, each call reads up to <c>batchSize</c> (at most 300) of the asked leads' activities of
/// every type from the token's place and returns those of the asked types, so a page may be empty while
/// <c>moreResult</c> is true; more than 10 activity types or 30 leads in a call is refused and counted as a violation.
/// </summary>
public sealed partial class FakeMarketoServer
{
    private readonly List<JsonObject> _leadActivities = [];
    private long _pagingTokensValidFrom;

    /// <summary>Get Lead Activities calls answered so far.</summary>
    public int ActivityCalls { get; private set; }

    /// <summary>Records an activity on a lead (add them in time order, as Marketo's log is); returns its id.</summary>
    public long AddLeadActivity(long leadId, int activityTypeId, DateTimeOffset at, string? primaryAttributeValue = null, IReadOnlyDictionary<string, string>? attributes = null)
    {
        lock (_lock)
        {
            long id = _leadActivities.Count + 1;
            _leadActivities.Add(new JsonObject
            {
                ["id"] = id,
                ["marketoGUID"] = id.ToString(CultureInfo.InvariantCulture),
                ["leadId"] = leadId,
                ["activityDate"] = at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                ["activityTypeId"] = activityTypeId,
                ["primaryAttributeValue"] = primaryAttributeValue,
                ["attributes"] = new JsonArray((attributes ?? new Dictionary<string, string>()).Select(a => (JsonNode)new JsonObject { ["name"] = a.Key, ["value"] = a.Value }).ToArray()),
            });
            return id;
        }
    }

    /// <summary>Every paging token handed out so far is refused from now on, as an expired one is.</summary>
    public void ExpirePagingTokens() => Interlocked.Exchange(ref _pagingTokensValidFrom, DateTimeOffset.UtcNow.UtcTicks + 1);

    private static string DateToken(DateTimeOffset since) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"at:{since.UtcTicks}:{DateTimeOffset.UtcNow.UtcTicks}")));

    private static string IssuedToken(string kind, long position) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{kind}:{position}:{DateTimeOffset.UtcNow.UtcTicks}")));

    /// <summary>Where in <paramref name="log"/> a token points (a date token: the first record at or after its date), or null when it is not valid or has expired.</summary>
    private long? LogPosition(string? token, string kind, List<JsonObject> log)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(token ?? "")).Split(':');
        }
        catch (FormatException)
        {
            return null;
        }

        if (parts.Length < 2 || !long.TryParse(parts[1], CultureInfo.InvariantCulture, out long value))
        {
            return null;
        }

        if (parts.Length == 3)
        {
            long issued = long.TryParse(parts[2], CultureInfo.InvariantCulture, out long ticks) ? ticks : 0;
            if (issued < Interlocked.Read(ref _pagingTokensValidFrom) || issued + _limits.PagingTokenLifetime.Ticks < DateTimeOffset.UtcNow.UtcTicks)
            {
                return null;
            }
        }

        if (parts[0] == "at" && parts.Length == 3)
        {
            var since = new DateTimeOffset(value, TimeSpan.Zero);
            int first = log.FindIndex(r => DateTimeOffset.Parse(r["activityDate"]!.GetValue<string>(), CultureInfo.InvariantCulture) >= since);
            return first < 0 ? log.Count : first;
        }

        return parts[0] == kind && value >= 0 && value <= log.Count ? value : null;
    }

    private IResult LeadActivities(HttpRequest request)
    {
        if (!TryBatchSize(request, out int batchSize, out IResult? refusal))
        {
            return refusal!;
        }

        string[] typeValues = request.Query["activityTypeIds"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (typeValues.Length == 0)
        {
            return Failure(1003, "activityTypeIds is required");
        }

        if (typeValues.Length > _limits.MaxActivityTypesPerCall)
        {
            _violations.Enqueue($"activity types per call: {typeValues.Length}, limit {_limits.MaxActivityTypesPerCall}");
            return Failure(1003, $"Too many activityTypeIds: {typeValues.Length}");
        }

        string[] leadValues = request.Query["leadIds"].ToString().Split(',', StringSplitOptions.RemoveEmptyEntries);
        if (leadValues.Length > _limits.MaxLeadsPerActivitiesCall)
        {
            _violations.Enqueue($"leads per activities call: {leadValues.Length}, limit {_limits.MaxLeadsPerActivitiesCall}");
            return Failure(1003, $"Too many leadIds: {leadValues.Length}");
        }

        HashSet<long> types = typeValues.Select(t => long.Parse(t, CultureInfo.InvariantCulture)).ToHashSet();
        HashSet<long> leads = leadValues.Select(l => long.Parse(l, CultureInfo.InvariantCulture)).ToHashSet();
        lock (_lock)
        {
            ActivityCalls++;
            if (LogPosition(request.Query["nextPageToken"], "act", _leadActivities) is not long position)
            {
                return Failure(1003, "Invalid or expired nextPageToken");
            }

            var page = new JsonArray();
            int scanned = 0;
            int at = (int)position;
            for (; at < _leadActivities.Count && scanned < batchSize; at++)
            {
                JsonObject activity = _leadActivities[at];
                if (leads.Count > 0 && !leads.Contains(activity["leadId"]!.GetValue<long>()))
                {
                    continue;
                }

                scanned++;
                if (types.Contains(activity["activityTypeId"]!.GetValue<int>()))
                {
                    page.Add(activity.DeepClone());
                }
            }

            bool more = _leadActivities.Skip(at).Any(a => leads.Count == 0 || leads.Contains(a["leadId"]!.GetValue<long>()));
            return Success(page, IssuedToken("act", at), more);
        }
    }
}
