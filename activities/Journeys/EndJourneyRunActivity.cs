using JourneyFunctions.Domain.Contracts;
using JourneyFunctions.Domain.Journeys;
using JourneyFunctions.Storage.Journeys;

namespace JourneyFunctions.Activities.Journeys;

/// <summary>
/// Records that a run ended (and why it failed, if it did); a closed journey whose runs have all ended becomes finished.
/// Returns whether it did. Every batch is done, so the run's listen markers go first (<see cref="ListenerIndex.EndRunAsync"/>).
/// </summary>
public sealed class EndJourneyRunActivity(JourneyStore journeys, ListenerIndex listeners, TimeProvider clock) : IActivity<RunEnd, bool>
{
    public async Task<bool> RunAsync(RunEnd input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        await listeners.EndRunAsync(input.RunId, cancellationToken);
        await journeys.RecordRunEndAsync(input.JourneyId, input.RunId, input.EndedAt ?? clock.GetUtcNow(), input.Failure, cancellationToken);
        return await journeys.FinishIfRunsEndedAsync(input.JourneyId, cancellationToken);
    }
}
