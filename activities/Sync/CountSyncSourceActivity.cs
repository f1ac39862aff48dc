using JourneyFunctions.Domain.Sync;
using JourneyFunctions.Storage.Sync;

namespace JourneyFunctions.Activities.Sync;

/// <summary>How many people the sync source holds (null when it cannot say), for the progress and the time left.</summary>
public sealed class CountSyncSourceActivity(IPeopleSource source) : IActivity<string?, long?>
{
    public Task<long?> RunAsync(string? input, CancellationToken cancellationToken) => source.CountAsync(cancellationToken);
}
