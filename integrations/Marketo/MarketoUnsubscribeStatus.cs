using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using JourneyFunctions.Domain.SalesActivities;
using JourneyFunctions.Storage.SalesActivities;

namespace JourneyFunctions.Marketo;

/// <summary>
/// The unsubscribe status from the local marketing store, and for a person not there (always the case with the Marketo
/// sync source) the lead's <c>unsubscribed</c> field in Marketo (Get Leads by id), kept for <see cref="CacheFor"/>.
/// A lead Marketo does not have, or a call that fails (an error code, the daily quota, the network, no answer within
/// <see cref="MarketoClient.InteractiveBudget"/>), leaves the status unknown with the reason; failures are not cached,
/// so the next request asks again.
/// </summary>
public sealed class MarketoUnsubscribeStatus(TableMarketingUnsubscribeStatus local, MarketoClient client, TimeProvider clock) : IMarketingUnsubscribeStatus
{
    /// <summary>How long a status read from Marketo is used before Marketo is asked again.</summary>
    public static readonly TimeSpan CacheFor = TimeSpan.FromSeconds(60);

    /// <summary>The most people whose Marketo status is kept at once; beyond it the expired (else all) are dropped.</summary>
    public const int MaxCached = 10_000;

    private const string UnsubscribedField = "unsubscribed";

    private readonly ConcurrentDictionary<string, (MarketingSubscription Status, DateTimeOffset Until)> _cache = new(StringComparer.Ordinal);

    public async Task<MarketingSubscription> GetAsync(string marketoId, CancellationToken cancellationToken)
    {
        MarketingSubscription known = await local.GetAsync(marketoId, cancellationToken);
        if (known.Unsubscribed is not null)
        {
            return known;
        }

        DateTimeOffset now = clock.GetUtcNow();
        if (_cache.TryGetValue(marketoId, out var cached) && cached.Until > now)
        {
            return cached.Status;
        }

        if (!long.TryParse(marketoId, NumberStyles.None, CultureInfo.InvariantCulture, out long leadId))
        {
            return MarketingSubscription.Unknown("the person is not in the marketing people store, and the id is not a Marketo lead id");
        }

        MarketingSubscription status;
        try
        {
            // A seller's request waits on this: within the budget, not the client's full retries.
            IReadOnlyList<Dictionary<string, JsonElement>> leads = await MarketoClient.WithinAsync(
                MarketoClient.InteractiveBudget, ct => client.GetLeadsByIdAsync([leadId], [UnsubscribedField], ct), cancellationToken);
            status = leads.Count == 0
                ? MarketingSubscription.Unknown("the person is neither in the marketing people store nor in Marketo")
                : MarketingSubscription.Known(IsTrue(leads[0]));
        }
        catch (Exception e) when (e is MarketoApiException or HttpRequestException or JsonException
            || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return MarketingSubscription.Unknown($"Marketo could not be asked ({e.Message})");
        }

        Remember(marketoId, status, now);
        return status;
    }

    private static bool IsTrue(Dictionary<string, JsonElement> lead) =>
        lead.TryGetValue(UnsubscribedField, out JsonElement value)
        && (value.ValueKind == JsonValueKind.True || (value.ValueKind == JsonValueKind.String && bool.TryParse(value.GetString(), out bool flag) && flag));

    private void Remember(string marketoId, MarketingSubscription status, DateTimeOffset now)
    {
        if (_cache.Count >= MaxCached)
        {
            foreach (var entry in _cache.Where(e => e.Value.Until <= now))
            {
                _cache.TryRemove(entry.Key, out _);
            }

            if (_cache.Count >= MaxCached)
            {
                _cache.Clear();
            }
        }

        _cache[marketoId] = (status, now + CacheFor);
    }
}
