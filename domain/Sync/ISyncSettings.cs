namespace JourneyFunctions.Domain.Sync;

/// <summary>The sync settings in force, for the code that obeys them (<see cref="SyncSettingsStore"/> keeps and changes them).</summary>
public interface ISyncSettings
{
    Task<StoredSyncSettings> GetAsync(CancellationToken cancellationToken = default);
}
