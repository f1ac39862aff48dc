using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations;

/// <summary>Durable timers that never end early.</summary>
public static class DurableTimers
{
    /// <summary>
    /// Waits until <paramref name="due"/> by the orchestration's clock. The Azure Storage backend hides a timer's
    /// message for whole seconds, so a timer can fire up to a second before its time (an audit saw waits of 2 s end
    /// after 1.3 s); such a timer is followed by one more, due a second after <paramref name="due"/>: a delay under a
    /// second would be rounded to none again, while this one ends at or after <paramref name="due"/>, at most a
    /// second late. Replays take the same turns: the clock is the orchestration's.
    /// </summary>
    public static async Task UntilAsync(TaskOrchestrationContext context, DateTime due, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.CreateTimer(due, cancellationToken);
        if (context.CurrentUtcDateTime < due)
        {
            await context.CreateTimer(due.AddSeconds(1), cancellationToken);
        }
    }
}
