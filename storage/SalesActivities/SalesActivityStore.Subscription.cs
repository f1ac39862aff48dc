using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.SalesActivities;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// A person's sales-side subscription, kept on their unsubscribe row (<see cref="UnsubscribeId"/>): the row is written
/// by the first unsubscribe and stays; a re-subscribe made in Salesforce marks it <c>Resubscribed</c> instead of
/// deleting it, so the row keeps the time of the newest state it holds (<c>SubscriptionChangedAt</c>, else the
/// unsubscribe's <c>OccurredAt</c>) and an older Salesforce change read later changes nothing.
/// </summary>
public sealed partial class SalesActivityStore
{
    private const string ResubscribedColumn = "Resubscribed";
    private const string SubscriptionChangedAtColumn = "SubscriptionChangedAt";

    /// <summary>Attempts of one subscription change that lost a race with another writer of the row.</summary>
    private const int SubscriptionUpdateAttempts = 5;

    /// <summary>Whether the person is unsubscribed on the sales side (recorded by a seller or coming from Salesforce, and not re-subscribed in Salesforce since).</summary>
    public async Task<bool> IsUnsubscribedAsync(string marketoId, CancellationToken cancellationToken = default) =>
        await GetUnsubscribeAsync(marketoId, cancellationToken) is not null;

    /// <summary>The person's unsubscribe while it holds (recorded, and not re-subscribed in Salesforce since); else null.</summary>
    public async Task<SalesActivity?> GetUnsubscribeAsync(string marketoId, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _activities.GetEntityIfExistsAsync<TableEntity>(marketoId, UnsubscribeId(marketoId), cancellationToken: cancellationToken);
        return found.HasValue && found.Value is { } row && row.GetBoolean(ResubscribedColumn) != true ? FromEntity(row) : null;
    }

    /// <summary>
    /// A seller's unsubscribe: recorded once per person, and recorded again over a re-subscribe made in Salesforce
    /// (a seller's explicit request wins over the older state, whatever its <c>occurredAt</c>).
    /// </summary>
    /// <returns>The stored unsubscribe, and whether this call unsubscribed the person.</returns>
    public async Task<(SalesActivity Stored, bool Created)> UnsubscribeAsync(SalesActivity unsubscribe, CancellationToken cancellationToken = default) =>
        await ChangeSubscriptionAsync(unsubscribe, optedOut: true, changedAt: null, cancellationToken) is var (stored, changed)
            ? (stored!, changed)
            : throw new InvalidOperationException("An unsubscribe always has a row.");

    /// <summary>
    /// Applies a Contact's or Lead's email opt-out state read from Salesforce at <paramref name="modstamp"/> (its
    /// <c>SystemModstamp</c>): an opt-out records <paramref name="unsubscribe"/> (or marks a re-subscribed row
    /// unsubscribed again), a cleared opt-out marks an unsubscribed person re-subscribed; either only when the row's
    /// state is older than <paramref name="modstamp"/>. A person never unsubscribed has nothing to re-subscribe.
    /// </summary>
    /// <returns>Whether the person's state changed.</returns>
    public async Task<bool> ApplySalesforceOptOutAsync(SalesActivity unsubscribe, bool optedOut, DateTimeOffset modstamp, CancellationToken cancellationToken = default) =>
        (await ChangeSubscriptionAsync(unsubscribe, optedOut, modstamp, cancellationToken)).Changed;

    /// <summary>
    /// Moves the person's state to <paramref name="optedOut"/> when <paramref name="changedAt"/> (a Salesforce time) is
    /// newer than the stored state's, or, with no time (a seller's unsubscribe), whenever the person is not unsubscribed.
    /// </summary>
    private async Task<(SalesActivity? Stored, bool Changed)> ChangeSubscriptionAsync(SalesActivity unsubscribe, bool optedOut, DateTimeOffset? changedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(unsubscribe);
        for (int attempt = 1; ; attempt++)
        {
            NullableResponse<TableEntity> found = await _activities.GetEntityIfExistsAsync<TableEntity>(unsubscribe.MarketoId, unsubscribe.Id, cancellationToken: cancellationToken);
            if (!found.HasValue || found.Value is not { } row)
            {
                if (!optedOut)
                {
                    return (null, false);
                }

                (SalesActivity added, bool created) = await AddAsync(unsubscribe, cancellationToken);
                if (created)
                {
                    return (added, true);
                }

                continue; // Added by another writer in between: decide again on its row.
            }

            bool resubscribed = row.GetBoolean(ResubscribedColumn) == true;
            DateTimeOffset stateAt = row.GetDateTimeOffset(SubscriptionChangedAtColumn) ?? row.GetDateTimeOffset(nameof(SalesActivity.OccurredAt)) ?? default;
            bool newer = changedAt is not { } at || at > stateAt;
            if (!newer || (resubscribed != optedOut && changedAt is null))
            {
                return (FromEntity(row), false);
            }

            // Unsubscribed again: the new unsubscribe replaces the old one, a member it leaves out (no reason) too, so the
            // row is replaced whole. Re-subscribed, or the same state with a newer time (for ordering): two columns change.
            bool again = resubscribed && optedOut;
            TableEntity update = again ? row : new TableEntity(row.PartitionKey, row.RowKey);
            if (again)
            {
                foreach ((string column, object? value) in ToEntity(unsubscribe))
                {
                    SetOrRemove(row, column, value);
                }
            }

            update[ResubscribedColumn] = !optedOut;
            update[SubscriptionChangedAtColumn] = changedAt is { } newTime ? newTime : Max(stateAt, unsubscribe.OccurredAt);
            try
            {
                await _activities.UpdateEntityAsync(update, row.ETag, again ? TableUpdateMode.Replace : TableUpdateMode.Merge, cancellationToken);
                return (await GetAsync(unsubscribe.MarketoId, unsubscribe.Id, cancellationToken), resubscribed == optedOut);
            }
            catch (RequestFailedException e) when (e.Status == 412 && attempt < SubscriptionUpdateAttempts)
            {
                // Another poll or seller changed the row in between: read it again and decide again.
            }
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
