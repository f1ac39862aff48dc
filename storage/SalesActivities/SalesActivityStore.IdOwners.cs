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

    /// <summary>Claims these (key-valid, distinct) activity ids for <paramref name="marketoId"/>, several at a time.</summary>
    /// <returns>The ids another person holds; empty when every id is this person's now.</returns>
    public async Task<IReadOnlyList<string>> ClaimIdsAsync(string marketoId, IReadOnlyList<string> activityIds, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(activityIds);
        bool[] taken = new bool[activityIds.Count];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, activityIds.Count),
            new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (i, ct) => taken[i] = await OwnerOfAsync(activityIds[i], marketoId, ct) != marketoId);
        return [.. activityIds.Where((_, i) => taken[i])];
    }

    /// <summary>The person holding <paramref name="activityId"/>: <paramref name="claimant"/> when the id was free (or already theirs).</summary>
    private async Task<string?> OwnerOfAsync(string activityId, string claimant, CancellationToken cancellationToken)
    {
        try
        {
            await _activityIds.AddEntityAsync(new TableEntity(activityId, OwnerRow) { [OwnerColumn] = claimant }, cancellationToken);
            return claimant;
        }
        catch (RequestFailedException e) when (e.Status == 409)
        {
            NullableResponse<TableEntity> claim = await _activityIds.GetEntityIfExistsAsync<TableEntity>(activityId, OwnerRow, [OwnerColumn], cancellationToken);
            return claim.HasValue ? claim.Value!.GetString(OwnerColumn) : throw new InvalidOperationException($"Activity id {activityId} is claimed but its claim cannot be read.");
        }
    }
}
