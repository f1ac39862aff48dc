namespace JourneyFunctions.Domain.Sync;

/// <summary>
/// A named sync checkpoint: the token to read on from (null before the first read), and, while the source refuses
/// calls (e.g. a spent daily API quota), until when and why.
/// </summary>
public sealed record SyncCheckpoint(string? Token, DateTime? PausedUntilUtc = null, string? PauseReason = null)
{
    /// <summary>Whether reads must wait at <paramref name="nowUtc"/>.</summary>
    public bool IsPausedAt(DateTime nowUtc) => PausedUntilUtc > nowUtc;
}
