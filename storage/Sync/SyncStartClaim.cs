using Azure;
using Azure.Data.Tables;
using JourneyFunctions.Domain.Storage;

namespace JourneyFunctions.Storage.Sync;

/// <summary>
/// Who may start the next initial sync: table <c>SyncState</c>, PK <c>start</c>, RK <c>initial-sync-{scope}</c> (the
/// app's task hub, whose instance it guards). Durable takes a
/// new start of an ended instance from every caller, so callers that all saw the same ended run would each start one
/// (and leave runs recorded as running that never end); the claim lets one of them through. A claim names the run it
/// follows and lapses after <see cref="Lapse"/>, so a caller that died between claiming and starting holds no one up.
/// </summary>
public sealed class SyncStartClaim
{
    /// <summary>How long a claim holds: far longer than a start takes, far shorter than anyone waits for a sync.</summary>
    public static readonly TimeSpan Lapse = TimeSpan.FromMinutes(1);

    private const string Partition = "start";
    private const string FollowsProperty = "Follows";
    private const string ClaimedAtProperty = "ClaimedAt";

    private readonly TableClient _state;
    private readonly string _row;

    public SyncStartClaim(StorageAccount storage, string scope)
    {
        _state = (storage ?? throw new ArgumentNullException(nameof(storage))).Table(TableNames.SyncState);
        _row = "initial-sync-" + TableKey.Require(scope, nameof(scope));
    }

    /// <summary>
    /// True for the one caller that may start the run after <paramref name="follows"/> (the ended run's identity, or
    /// <c>none</c>); false when another caller claimed that start less than <see cref="Lapse"/> ago.
    /// </summary>
    public async Task<bool> TryClaimAsync(string follows, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        NullableResponse<TableEntity> found = await _state.GetEntityIfExistsAsync<TableEntity>(Partition, _row, cancellationToken: cancellationToken);
        var claim = new TableEntity(Partition, _row) { [FollowsProperty] = follows, [ClaimedAtProperty] = now };
        try
        {
            if (!found.HasValue)
            {
                await _state.AddEntityAsync(claim, cancellationToken);
                return true;
            }

            TableEntity held = found.Value!;
            if (held.GetString(FollowsProperty) == follows && now - (held.GetDateTimeOffset(ClaimedAtProperty) ?? DateTimeOffset.MinValue) < Lapse)
            {
                return false;
            }

            await _state.UpdateEntityAsync(claim, held.ETag, TableUpdateMode.Replace, cancellationToken);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            return false; // another caller claimed it between our read and our write
        }
    }
}
