using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Activities.Sync;

/// <summary>Records when a full-sync run starts, by the storage clock, for its sweep; a retry returns the first start.</summary>
public sealed class StartSyncRunActivity(SyncRunStore runs) : IActivity<string, DateTimeOffset>
{
    public Task<DateTimeOffset> RunAsync(string input, CancellationToken cancellationToken) => runs.StartAsync(input, cancellationToken);
}
