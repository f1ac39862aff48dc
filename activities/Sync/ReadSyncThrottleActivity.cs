using JourneyFunctions.Domain.Sync;

namespace JourneyFunctions.Activities.Sync;

/// <summary>The admin's current throttle (people per minute, 0 = none), read during a long throttle wait so a change reaches it.</summary>
public sealed class ReadSyncThrottleActivity(ISyncSettings settings) : IActivity<string?, int>
{
    public async Task<int> RunAsync(string? input, CancellationToken cancellationToken) =>
        (await settings.GetAsync(cancellationToken)).Settings.MaxPeoplePerMinute;
}
