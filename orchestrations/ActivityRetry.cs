using Microsoft.DurableTask;

namespace JourneyFunctions.Orchestrations;

/// <summary>How orchestrations retry activities: activities are idempotent, so transient failures are simply retried.</summary>
public static class ActivityRetry
{
    public static TaskOptions Default { get; } = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 6,
        firstRetryInterval: TimeSpan.FromSeconds(1),
        backoffCoefficient: 2,
        maxRetryInterval: TimeSpan.FromSeconds(30)));
}
