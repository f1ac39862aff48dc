using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging;

namespace JourneyFunctions.Handlers.Sync;

/// <summary>Timer (setting <c>InitialSyncSchedule</c>): starts or resumes the initial sync; a finished one stays finished.</summary>
public sealed class InitialSyncTimerHandler(InitialSyncStarter starter, ILogger<InitialSyncTimerHandler> logger)
{
    public const string ScheduleSetting = "%InitialSyncSchedule%";

    public async Task HandleAsync(DurableTaskClient client, CancellationToken cancellationToken)
    {
        string outcome = await starter.EnsureStartedAsync(client, restartCompleted: false, cancellationToken);
        logger.LogInformation("Initial sync timer: {Outcome}", outcome);
    }
}
