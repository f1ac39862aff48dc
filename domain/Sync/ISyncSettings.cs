namespace JourneyFunctions.Domain.Sync;

/// <summary>The sync settings in force, for the code that obeys them (implemented in the storage project, which also keeps and changes them).</summary>
public interface ISyncSettings
{
    Task<StoredSyncSettings> GetAsync(CancellationToken cancellationToken = default);
}

/// <summary>The sync settings as stored: the values, their version (0 = never changed: the app settings' defaults), and who changed them when.</summary>
public sealed record StoredSyncSettings(SyncSettings Settings, int Version, DateTimeOffset? ChangedAt, string? ChangedBy)
{
    /// <summary>
    /// The version of the last change that switched the sync back on (0: never switched off and on). A sync run that
    /// read under an older one may have missed changes skipped while the sync was off, so it starts over.
    /// </summary>
    public int SwitchedOnVersion { get; init; }
}
