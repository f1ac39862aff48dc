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

    /// <summary>
    /// Claims these (key-valid, distinct) activity ids for <paramref name="marketoId"/>, several at a time. When
    /// another person holds any of them, the claims this call made are released again (each only as this call wrote
    /// it), so a refused request leaves no id claimed for its person: nothing of it is stored.
    /// </summary>
    /// <returns>The ids another person holds; empty when every id is this person's now.</returns>
    public async Task<IReadOnlyList<string>> ClaimIdsAsync(string marketoId, IReadOnlyList<string> activityIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        var claims = new (string? Owner, ETag? Made)[activityIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, activityIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => claims[i] = await ClaimAsync(activityIds[i], marketoId, ct));
        List<string> taken = [.. activityIds.Where((_, i) => claims[i].Owner != marketoId)];
        if (taken.Count > 0)
        {
            await Parallel.ForEachAsync(
                Enumerable.Range(0, activityIds.Count).Where(i => claims[i].Made is not null),
                new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = CancellationToken.None },
                async (i, ct) => await ReleaseAsync(activityIds[i], claims[i].Made!.Value, ct));
        }

        return taken;
    }

    /// <summary>
    /// The person holding <paramref name="activityId"/>: <paramref name="claimant"/> when the id was free (then with
    /// the ETag of the claim this call made) or already theirs.
    /// </summary>
    private async Task<(string? Owner, ETag? Made)> ClaimAsync(string activityId, string claimant, CancellationToken cancellationToken)
    {
        try
        {
            Response made = await _activityIds.AddEntityAsync(new TableEntity(activityId, OwnerRow) { [OwnerColumn] = claimant }, cancellationToken);
            return (claimant, made.Headers.ETag);
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            NullableResponse<TableEntity> claim = await _activityIds.GetEntityIfExistsAsync<TableEntity>(activityId, OwnerRow, [OwnerColumn], cancellationToken);
            return claim.HasValue ? (claim.Value!.GetString(OwnerColumn), null) : throw new InvalidOperationException($"Activity id {activityId} is claimed but its claim cannot be read.");
        }
    }

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
