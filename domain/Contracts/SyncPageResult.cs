namespace JourneyFunctions.Domain.Contracts;

/// <summary>
/// What one page of the initial sync did; <see cref="NextCursor"/> is null after the last page. People read but not
/// written are either not sales-owned (<c>Read - Eligible</c>) or already newer in the sales store
/// (<see cref="SkippedAsOlder"/>). <see cref="PausedUntilUtc"/> is set when the source refused to serve until then, or
/// the admin switched the sync off. <see cref="MaxPeoplePerMinute"/> is the admin's throttle as the step read it.
/// Sales-owned people are written, skipped as older, or <see cref="Rejected"/> (kept with the reason in the rejections).
/// <see cref="SwitchedOnVersion"/> is the sync switch the step read (<c>StoredSyncSettings.SwitchedOnVersion</c>).
/// </summary>
public sealed record SyncPageResult(string? NextCursor, int Read, int Eligible, int Written, int SkippedAsOlder = 0, DateTime? PausedUntilUtc = null, string? PauseReason = null, int? MaxPeoplePerMinute = null, int Rejected = 0, int SwitchedOnVersion = 0)
{
    /// <summary>
    /// The sync was switched off and on since the run's earlier steps: this step read nothing, and the run starts over.
    /// Only a newer switch counts: a host whose settings cache is a moment old may report an older one.
    /// </summary>
    public bool SwitchedOffAndOnSince(int? runSwitchedOnVersion) => runSwitchedOnVersion < SwitchedOnVersion;
}
