using Azure;
using Azure.Data.Tables;

namespace JourneyFunctions.Storage.SalesActivities;

/// <summary>
/// The owner of each activity id (table <c>SalesActivityIds</c>, PK = activity id, RK = <see cref="OwnerRow"/>): the
/// Service Bus topic's duplicate detection and Salesforce's <c>Journey_Activity_Id__c</c> key on the id alone, so an id
/// used for a second person would be dropped there as a repeat. The first person to claim an id keeps it (an insert
/// either wins or finds the claim); claiming it again for the same person is a retry and succeeds. Ids recorded
/// before this table existed have no claim and are claimed by the next person who records them.
/// </summary>
public sealed partial class SalesActivityStore
{
    private const string OwnerRow = "owner";
    private const string OwnerColumn = "MarketoId";

    /// <summary>Tries of one claim whose holder let go between the failed insert and the read of the holder.</summary>
    private const int ClaimAttempts = 5;

    /// <summary>
    /// Claims these (key-valid, distinct) activity ids for <paramref name="marketoId"/>, one at a time in one order
    /// for every request (ordinal), stopping at the first id another person holds: overlapping requests for different
    /// people then never refuse each other both (the one that first reaches an id they share goes on), as locks taken
    /// in one order never deadlock. A refused call releases the claims it made (each only as it wrote it), so nothing
    /// of it stays claimed for its person, and then reads, without claiming, which of its other ids others hold.
    /// </summary>
    /// <returns>The ids another person holds, in the request's order; empty when every id is this person's now.</returns>
    public async Task<IReadOnlyList<string>> ClaimIdsAsync(string marketoId, IReadOnlyList<string> activityIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        var made = new List<(string Id, ETag Claim)>();
        string? refusedAt = null;
        try
        {
            foreach (string id in activityIds.Order(StringComparer.Ordinal))
            {
                (string owner, ETag? claim) = await ClaimAsync(id, marketoId, cancellationToken);
                if (claim is { } mine)
                {
                    made.Add((id, mine));
                }
                else if (owner != marketoId)
                {
                    refusedAt = id;
                    break;
                }
            }
        }
        catch
        {
            await ReleaseAsync(made);
            throw;
        }

        if (refusedAt is null)
        {
            return [];
        }

        await ReleaseAsync(made);
        var heldByOthers = new bool[activityIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, activityIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => heldByOthers[i] = activityIds[i] == refusedAt || (await OwnerAsync(activityIds[i], ct)) is { } owner && owner != marketoId);
        return [.. activityIds.Where((_, i) => heldByOthers[i])];
    }

    /// <summary>
    /// The person holding <paramref name="activityId"/>: <paramref name="claimant"/> when the id was free (then with
    /// the ETag of the claim this call made) or already theirs.
    /// </summary>
    private async Task<(string Owner, ETag? Made)> ClaimAsync(string activityId, string claimant, CancellationToken cancellationToken)
    {
        for (int attempt = 1; attempt <= ClaimAttempts; attempt++)
        {
            try
            {
                Response made = await _activityIds.AddEntityAsync(new TableEntity(activityId, OwnerRow) { [OwnerColumn] = claimant }, cancellationToken);
                return (claimant, made.Headers.ETag);
            }
            catch (RequestFailedException e) when (e.Status == 409)
            {
                // Held; by nobody any more when its holder let go since (a refused request): then try again.
                if (await OwnerAsync(activityId, cancellationToken) is { } owner)
                {
                    return (owner, null);
                }
            }
        }

        throw new InvalidOperationException($"Activity id {activityId} was claimed and let go {ClaimAttempts} times while this request claimed it; giving up for now (the caller retries).");
    }

    private async Task<string?> OwnerAsync(string activityId, CancellationToken cancellationToken)
    {
        NullableResponse<TableEntity> claim = await _activityIds.GetEntityIfExistsAsync<TableEntity>(activityId, OwnerRow, [OwnerColumn], cancellationToken);
        return claim.HasValue ? claim.Value!.GetString(OwnerColumn) : null;
    }

    /// <summary>Removes the claims this call made, whatever ended it.</summary>
    private Task ReleaseAsync(List<(string Id, ETag Claim)> made) =>
        Parallel.ForEachAsync(
            made,
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = CancellationToken.None },
            async (claim, ct) => await ReleaseAsync(claim.Id, claim.Claim, ct));

    /// <summary>Removes a claim this call made, unless it changed since (then it is no longer only this call's).</summary>
    private async Task ReleaseAsync(string activityId, ETag made, CancellationToken cancellationToken)
    {
        try
        {
            await _activityIds.DeleteEntityAsync(activityId, OwnerRow, made, cancellationToken);
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
        }
    }
}
